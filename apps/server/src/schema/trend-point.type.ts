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
    description: 'Mean of its matrix row without the diagonal: others on its inversions.',
  })
  rowMean!: number;

  @Field(() => Float, {
    description: "Mean of its column without the diagonal: it on the others' inversions.",
  })
  columnMean!: number;
}
