import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { CellSignificance } from './cell-significance.type.js';
import { CkaStatistics } from './cka-statistics.type.js';

/** One cell of a matrix held in a study's report (e.g. STIR): the value and every statistic computed for it. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class ReportCell {
  @Field(() => Int)
  row!: number;

  @Field(() => Int)
  column!: number;

  @Field(() => Float, { nullable: true, description: "The matrix metric's value." })
  value!: number | null;

  @Field(() => Int, { description: 'Inputs compared.' })
  n!: number;

  @Field(() => CkaStatistics, { nullable: true, description: 'Null for rbf and minibatch CKA.' })
  debiased!: CkaStatistics | null;

  @Field(() => CkaStatistics, { nullable: true })
  biased!: CkaStatistics | null;

  @Field(() => CellSignificance, { nullable: true, description: 'Null when the cells carry no null.' })
  significance!: CellSignificance | null;
}
