import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/** Bootstrap interval over resampled inputs (SPEC §5). */
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
