/** SimilarityMatrix.significance: the matrix's Benjamini-Hochberg marks, once READY (db/matrix-significance.ts). */
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { toMatrixSignificance } from '../db/cell-statistics.mapper.js';
import { loadMatrixSignificance } from '../db/matrix-significance.js';
import { MatrixSignificance } from '../schema/matrix-significance.type.js';
import { SimilarityMatrix } from '../schema/similarity-matrix.type.js';
import { hintFinal } from './cache-hint.js';

@Resolver(() => SimilarityMatrix)
export class MatrixSignificanceResolver {
  @FieldResolver(() => MatrixSignificance, {
    nullable: true,
    description:
      "Each off-diagonal cell's permutation p-value adjusted by Benjamini-Hochberg across the matrix, and whether " +
      'it is distinguishable from the null. Null until READY, and for cells computed without null shuffles.',
  })
  async significance(
    @Root() matrix: SimilarityMatrix,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MatrixSignificance | null> {
    hintFinal(info, matrix.status === 'READY');
    const significance = await loadMatrixSignificance(ctx, matrix);
    return significance ? toMatrixSignificance(significance) : null;
  }
}
