import { Field, Float, ID, ObjectType } from 'type-graphql';

/** One model on the robustness trend: its training eps against its mean similarity to the others (SPEC §6). */
@ObjectType()
export class TrendPoint {
  @Field(() => ID)
  modelId!: string;

  @Field(() => String)
  architectureId!: string;

  @Field(() => Float)
  eps!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Mean of its matrix row over the models of other architectures: others on its inversions. Null when every ' +
      'model of the matrix has its architecture (no cell to average).',
  })
  rowMean!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Mean of its column over the models of other architectures: it on the others' inversions. Null when every " +
      'model of the matrix has its architecture.',
  })
  columnMean!: number | null;
}
