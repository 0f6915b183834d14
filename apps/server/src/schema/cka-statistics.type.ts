import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { JackknifeInterval } from './jackknife-interval.type.js';
import { NullBaseline } from './null-baseline.type.js';

/** One CKA estimator (biased or debiased) of a cell, with its interval and permutation null (SPEC §5). */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class CkaStatistics {
  @Field(() => Float, { description: 'CKA on all n inputs.' })
  value!: number;

  @Field(() => JackknifeInterval, {
    nullable: true,
    description: 'Null on the diagonal and when the cell asked for no intervals.',
  })
  interval!: JackknifeInterval | null;

  @Field(() => NullBaseline, {
    nullable: true,
    description: 'Permutation null with its p-value; null on the diagonal and without null shuffles.',
  })
  nullBaseline!: NullBaseline | null;
}
