/** The tooltip's detail line for one computed cell: sample sizes, both estimators, and its mark (SPEC §3, §5). */
import { type CellStatistics, cellLines, type Estimator } from './cell-statistics';

export type CellDetail = CellStatistics;

export function describeCell(
  cell: CellDetail | undefined,
  estimator: Estimator = 'debiased',
): string | undefined {
  if (!cell) return undefined;
  const parts: string[] = [];
  if (cell.n != null)
    parts.push(`n=${cell.n}${cell.p != null ? `, p=${cell.p}` : ''}${cell.q != null ? `, q=${cell.q}` : ''}`);
  parts.push(...cellLines(cell, estimator));
  return parts.length ? parts.join(' · ') : undefined;
}
