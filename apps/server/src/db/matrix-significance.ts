/**
 * The Benjamini-Hochberg marks of a finished matrix (issue 9), from its stored cells through compute's
 * matrixSignificance: the function a study's report uses, so a study's matrix shows the report's marks. A
 * natural matrix counts each pair once. Kept once computed: a READY matrix's cells never change.
 */
import { type MatrixCell, type MatrixSignificance, matrixSignificance } from '@simlab/compute';
import type { Context } from '../context.js';
import type { SimilarityMatrix } from '../schema/similarity-matrix.type.js';
import { listCells } from './similarity-matrix.queries.js';

/** Undefined until the matrix is READY, and for cells without permutation nulls (or stored before migration 004). */
export async function loadMatrixSignificance(
  ctx: Pick<Context, 'services' | 'loaders'>,
  matrix: Pick<SimilarityMatrix, 'id' | 'status' | 'source' | 'modelIds' | 'parameters'>,
): Promise<MatrixSignificance | undefined> {
  if (matrix.status !== 'READY') return undefined;
  const kept = ctx.services.ready.get<{ significance?: MatrixSignificance }>(
    'matrix-significance',
    matrix.id,
  );
  if (kept) return kept.significance;
  const k = matrix.modelIds.length;
  const stored = await listCells(ctx.services.db, matrix.id);
  const results = await ctx.loaders.result.loadMany(stored.map((c) => c.resultId));
  const grid = Array.from({ length: k }, () => new Array<MatrixCell | undefined>(k));
  stored.forEach((c, i) => {
    const result = results[i];
    if (result?.cell) grid[c.row]![c.column] = result.cell;
  });
  const complete = grid.every((row) => row.every((cell) => cell !== undefined));
  const significance = complete
    ? matrixSignificance(
        {
          cells: grid as MatrixCell[][],
          nullPermutations: Number(matrix.parameters.nullPermutations ?? 0),
        },
        matrix.source === 'natural',
      )
    : undefined;
  ctx.services.ready.set('matrix-significance', matrix.id, { significance }, 64 + 16 * k * k);
  return significance;
}
