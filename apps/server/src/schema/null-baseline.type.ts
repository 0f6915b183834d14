import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/** The same CKA after shuffling one side's rows, repeated (SPEC §3): what "unrelated" scores. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class NullBaseline {
  @Field(() => Float)
  mean!: number;

  @Field(() => Float)
  std!: number;

  @Field(() => Int)
  permutations!: number;
}
