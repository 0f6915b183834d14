import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/** Both directions of one pair of models: STIR(b | a) = S[a][b] and STIR(a | b) = S[b][a]. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class StirDirection {
  @Field(() => ID)
  modelAId!: string;

  @Field(() => ID)
  modelBId!: string;

  @Field(() => Float, {
    nullable: true,
    description: "STIR(b | a): how much of a's invariance (X' through a) model b shares.",
  })
  stirBGivenA!: number | null;

  @Field(() => Float, { nullable: true, description: 'STIR(a | b).' })
  stirAGivenB!: number | null;
}
