import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { HeadlineMetric } from './headline-metric.type.js';

/** The mean over one selection of off-diagonal cells of a matrix: debiased CKA first, biased beside it. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class Headline {
  @Field(() => Int, { description: 'Cells averaged.' })
  cells!: number;

  @Field(() => HeadlineMetric)
  debiased!: HeadlineMetric;

  @Field(() => HeadlineMetric)
  biased!: HeadlineMetric;
}
