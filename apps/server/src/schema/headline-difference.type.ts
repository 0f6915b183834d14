import { Directive, Field, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { HeadlineMetric } from './headline-metric.type.js';

/** Natural minus inverted on the same cells and groups of pairs (a paired difference), per estimator. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class HeadlineDifference {
  @Field(() => HeadlineMetric)
  debiased!: HeadlineMetric;

  @Field(() => HeadlineMetric)
  biased!: HeadlineMetric;
}
