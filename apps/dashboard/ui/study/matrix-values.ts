/** A similarity matrix as the heatmap sees it: k x k values in axis order, null where not yet computed. */
import type { OrderedModel } from './order-models';

export interface CellInput {
  /** Row and column in the API's model order. */
  row: number;
  column: number;
  value: number | null;
}

export type MatrixValues = (number | null)[][];

/** Places cells (API order) into a k x k grid in axis order; cells not given stay null (pending). */
export function arrangeCells(order: readonly OrderedModel[], cells: Iterable<CellInput>): MatrixValues {
  const k = order.length;
  const position = new Map<number, number>(order.map((m, i) => [m.matrixIndex, i]));
  const grid: MatrixValues = Array.from({ length: k }, () => Array<number | null>(k).fill(null));
  for (const cell of cells) {
    const r = position.get(cell.row);
    const c = position.get(cell.column);
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
