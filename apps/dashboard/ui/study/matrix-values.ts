/** A similarity matrix as the heatmap sees it: k x k values in axis order, null where not yet computed. */

export interface CellInput {
  /** Row and column in the API's model order. */
  row: number;
  column: number;
  value: number | null;
}

export type MatrixValues = (number | null)[][];

/**
 * From a matrix's own row/column index to the axis position of the same model: matrices are matched by model id,
 * so two matrices over the same models in different orders land on the same axes.
 */
export function axisPositions(
  axisIds: readonly string[],
  matrixIds: readonly string[],
): (number | undefined)[] {
  const position = new Map(axisIds.map((id, i) => [id, i]));
  return matrixIds.map((id) => position.get(id));
}

/** Places cells (matrix order) into a k x k grid in axis order; cells not given stay null (pending). */
export function arrangeCells(
  axisIds: readonly string[],
  matrixIds: readonly string[],
  cells: Iterable<CellInput>,
): MatrixValues {
  const k = axisIds.length;
  const position = axisPositions(axisIds, matrixIds);
  const grid: MatrixValues = Array.from({ length: k }, () => Array<number | null>(k).fill(null));
  for (const cell of cells) {
    const r = position[cell.row];
    const c = position[cell.column];
    if (r === undefined || c === undefined) continue;
    grid[r]![c] = cell.value;
  }
  return grid;
}

/** Mean of the known off-diagonal entries and how many there are (SPEC §5: each matrix reports it). */
export function offDiagonalMean(values: MatrixValues): { mean: number | null; known: number; total: number } {
  let sum = 0;
  let known = 0;
  const k = values.length;
  values.forEach((row, r) => {
    row.forEach((v, c) => {
      if (r !== c && v !== null && Number.isFinite(v)) {
        sum += v;
        known += 1;
      }
    });
  });
  return { mean: known > 0 ? sum / known : null, known, total: k * (k - 1) };
}
