import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/**
 * The interval of a cell's metric value, kept for old clients: a grouped-jackknife interval since issue 9
 * (`resamples` is its groups). CkaStatistics.interval says what each interval covers.
 */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class ConfidenceInterval {
  @Field(() => Float)
  low!: number;

  @Field(() => Float)
  high!: number;

  @Field(() => Float, { description: 'Coverage, e.g. 0.95.' })
  level!: number;

  @Field(() => Int)
  resamples!: number;
}
