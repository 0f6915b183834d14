import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { JackknifeInterval } from './jackknife-interval.type.js';

/** A headline mean of one estimator over the selected cells, with its jackknife interval. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class HeadlineMetric {
  @Field(() => Float)
  mean!: number;

  @Field(() => JackknifeInterval, {
    nullable: true,
    description:
      'Computed on the same groups of inputs in every cell; null when the cells had no replicates.',
  })
  interval!: JackknifeInterval | null;
}
