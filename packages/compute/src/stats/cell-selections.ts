/**
 * The three like-for-like cell selections of SPEC §5 and issue 9, from model metadata the caller supplies:
 *   paper               eps 0 models of different architectures (the paper's comparison)
 *   crossArchitecture   all cells whose two models differ in architecture
 *   sameArchitecture    cells whose two models share an architecture (seed replicates, eps siblings: the
 *                       "trained one" reference)
 * The diagonal is in none of them.
 */
import type { CellFilter, Headline, HeadlineCell, HeadlineOptions } from './headline.js';
import { headlineMean } from './headline.js';

/** What the selections need to know of a model (a zoo card has more). */
export interface ModelMetadata {
  architecture: string;
  /** Training eps; 0 = standard training. */
  eps: number;
}

export type CellSelection = 'paper' | 'crossArchitecture' | 'sameArchitecture';

export const CELL_SELECTIONS: readonly CellSelection[] = ['paper', 'crossArchitecture', 'sameArchitecture'];

/** The filter of each selection for models listed in matrix order. */
export function cellSelections(models: readonly ModelMetadata[]): Record<CellSelection, CellFilter> {
  const cross = (r: number, c: number) => r !== c && models[r]!.architecture !== models[c]!.architecture;
  return {
    paper: (r, c) => cross(r, c) && models[r]!.eps === 0 && models[c]!.eps === 0,
    crossArchitecture: cross,
    sameArchitecture: (r, c) => r !== c && models[r]!.architecture === models[c]!.architecture,
  };
}

/** Which selections cell (r, c) belongs to (paper cells are also crossArchitecture). */
export function classifyCell(models: readonly ModelMetadata[], row: number, column: number): CellSelection[] {
  const filters = cellSelections(models);
  return CELL_SELECTIONS.filter((s) => filters[s](row, column));
}

/** The three headline means of one matrix; null where a selection has no cell (e.g. one architecture only). */
export function headlineBlocks(
  cells: readonly (readonly HeadlineCell[])[],
  models: readonly ModelMetadata[],
  options: HeadlineOptions = {},
): Record<CellSelection, Headline | null> {
  const filters = cellSelections(models);
  const block = (s: CellSelection): Headline | null => {
    const any = cells.some((row, r) => row.some((_, c) => r !== c && filters[s](r, c)));
    return any ? headlineMean(cells, filters[s], options) : null;
  };
  return {
    paper: block('paper'),
    crossArchitecture: block('crossArchitecture'),
    sameArchitecture: block('sameArchitecture'),
  };
}
