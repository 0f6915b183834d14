import { Field, Float, Int, ObjectType } from 'type-graphql';
import { SimilarityResult } from './similarity-result.type.js';

/** One computed entry S[row][column] of a similarity matrix. */
@ObjectType()
export class MatrixCell {
  @Field(() => Int)
  row!: number;

  @Field(() => Int)
  column!: number;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => SimilarityResult)
  result!: SimilarityResult;
}
