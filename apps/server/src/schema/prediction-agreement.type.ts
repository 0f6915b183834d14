import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/**
 * Prediction agreement of an inverted cell (SPEC §5): of the row model's inversions, the share the column model
 * classifies as the pair's target label, and as its seed label.
 */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class PredictionAgreement {
  @Field(() => Float)
  target!: number;

  @Field(() => Float)
  seed!: number;

  @Field(() => Int, { description: 'Inversions classified.' })
  n!: number;
}
