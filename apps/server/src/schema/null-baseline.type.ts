import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/**
 * The same CKA after shuffling one side's rows, repeated (SPEC §3): what "unrelated" scores, and the
 * permutation p-value of the observed value against it (SPEC §5).
 */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class NullBaseline {
  @Field(() => Float)
  mean!: number;

  @Field(() => Float)
  std!: number;

  @Field(() => Int)
  permutations!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'One-sided permutation p-value (1 + #{null >= observed}) / (K + 1); null for results stored before it existed.',
  })
  pValue?: number | null;
}
