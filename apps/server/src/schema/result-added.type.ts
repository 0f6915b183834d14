import { Field, ID, Int, ObjectType } from 'type-graphql';
import { SimilarityResult } from './similarity-result.type.js';

/** A similarity result was stored; for a matrix cell, where it goes. */
@ObjectType()
export class ResultAddedEvent {
  @Field(() => ID, { nullable: true })
  matrixId!: string | null;

  @Field(() => Int, { nullable: true })
  row!: number | null;

  @Field(() => Int, { nullable: true })
  column!: number | null;

  @Field(() => SimilarityResult)
  result!: SimilarityResult;
}
