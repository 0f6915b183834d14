import { Field, Float, Int, ObjectType } from 'type-graphql';

/** The trend within one architecture. */
@ObjectType()
export class ArchitectureTrend {
  @Field(() => String)
  architectureId!: string;

  @Field(() => Int)
  models!: number;

  @Field(() => Float, { nullable: true, description: 'Spearman rank correlation of eps with row means.' })
  rowSpearman!: number | null;

  @Field(() => Float, { nullable: true, description: 'Spearman rank correlation of eps with column means.' })
  columnSpearman!: number | null;
}
