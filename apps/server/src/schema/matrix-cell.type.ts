import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { CellSignificance } from './cell-significance.type.js';
import { SimilarityResult } from './similarity-result.type.js';

/** One computed entry S[row][column] of a similarity matrix. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class MatrixCell {
  @Field(() => Int)
  row!: number;

  @Field(() => Int)
  column!: number;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  // A cell exists once its result is READY: the result changes no more than the matrix holding the cell.
  @Directive(INHERIT_CACHE_HINT)
  @Field(() => SimilarityResult)
  result!: SimilarityResult;

  @Field(() => CellSignificance, {
    nullable: true,
    description:
      "This cell's mark in its matrix: p adjusted across the matrix (Benjamini-Hochberg) and whether it is " +
      'distinguishable from the null. Null until the matrix is READY, and without null shuffles.',
  })
  significance!: CellSignificance | null;
}
