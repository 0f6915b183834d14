import { Field, Float, Int, ObjectType } from 'type-graphql';

/** One rank correlation of the trend (compute's TrendCorrelation): eps against one measure, in one group. */
@ObjectType()
export class TrendCorrelation {
  @Field(() => String, {
    description: 'invertedRowMean, invertedColumnMean, naturalRowMean or naturalColumnMean.',
  })
  measure!: string;

  @Field(() => String, { description: "'all' models, or one architecture's." })
  group!: string;

  @Field(() => String, {
    description: 'Threat model of the robust models in the group (eps 0 models join each).',
  })
  norm!: string;

  @Field(() => Float, { nullable: true, description: "Spearman's rho; null when undefined (no spread)." })
  rho!: number | null;

  @Field(() => Float, { nullable: true })
  p!: number | null;

  @Field(() => Int)
  n!: number;
}
