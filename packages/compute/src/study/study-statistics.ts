/**
 * The statistics a study reports over whole matrices (SPEC §5, issue 9; docs/statistics.md):
 *
 *   significance  each off-diagonal cell's permutation p-value (debiased CKA's when the cells have it), adjusted by
 *                 Benjamini-Hochberg across the matrix (a natural matrix counts each pair once), and a mark per
 *                 cell: distinguishable from the null at alpha or not
 *   headlines     like-for-like means with jackknife intervals (stats/cell-selections.ts): the paper's comparison
 *                 (eps 0, different architectures), all cross-architecture cells, same-architecture cells; per
 *                 selection natural, inverted and natural minus inverted, debiased and biased
 *
 * Headlines need the cells' jackknife replicates (same n, groups and seed in both matrices: pair i is the unit of
 * both); once they are computed the replicates are dropped from the reported cells (withoutReplicates), as a
 * paper-sized study would otherwise carry hundreds of thousands of them.
 */
import type { MatrixCell, SimilarityMatrix } from '../similarity/matrix.js';
import { type CellSelection, headlineBlocks } from '../stats/cell-selections.js';
import { INTERVAL_TARGETS, type MetricStatistics } from '../stats/cell-statistics.js';
import {
  type CellFilter,
  type Headline,
  type HeadlineDifference,
  headlineDifference,
  headlineMean,
} from '../stats/headline.js';
import { adjustMatrixPValues, minimumPermutations } from '../stats/multiple-comparisons.js';

/** The multiple-comparison correction of the study's marks and its level. */
export const STUDY_CORRECTION = { method: 'benjamini-hochberg', alpha: 0.05 } as const;

export interface MatrixSignificance {
  method: typeof STUDY_CORRECTION.method;
  alpha: number;
  /** Whose p-values: debiased CKA's permutation null, or the matrix metric's (cells without debiased values). */
  pValues: 'debiased' | 'metric';
  /** Null shuffles per cell K (p >= 1/(K+1)). */
  permutations: number;
  /** Tests m corrected for together (off-diagonal cells; pairs when symmetric). */
  tests: number;
  /** A natural matrix: cells (r, c) and (c, r) are one test, corrected once and mirrored. */
  symmetric: boolean;
  /** Whether K lets BH reject anything at all: 1/(K+1) <= alpha (minimumPermutations). */
  canReject: boolean;
  /** Adjusted p-value per cell; null on the diagonal. */
  adjusted: (number | null)[][];
  /** Distinguishable from the null (adjusted p <= alpha); null on the diagonal. */
  distinguishable: (boolean | null)[][];
  /** Tests that were distinguishable. */
  distinguishableCount: number;
}

/** BH marks of a matrix's off-diagonal cells; undefined when its cells carry no null (nullPermutations 0). */
export function matrixSignificance(
  matrix: Pick<SimilarityMatrix, 'cells' | 'nullPermutations'>,
  symmetric: boolean,
): MatrixSignificance | undefined {
  const debiased = matrix.cells.every((row, r) =>
    row.every((cell, c) => r === c || cell.debiased?.null !== undefined),
  );
  const p = matrix.cells.map((row, r) =>
    row.map((cell, c) =>
      r === c ? undefined : debiased ? cell.debiased!.null!.pValue : cell.nullBaseline?.pValue,
    ),
  );
  const tested = p.flat().filter((v) => v !== undefined).length;
  if (tested === 0 || p.some((row, r) => row.some((v, c) => r !== c && v === undefined))) return undefined;
  const { method, alpha } = STUDY_CORRECTION;
  const correction = adjustMatrixPValues(p, method, { alpha, symmetric });
  return {
    method,
    alpha,
    pValues: debiased ? 'debiased' : 'metric',
    permutations: matrix.nullPermutations,
    tests: correction.tests,
    symmetric,
    canReject: matrix.nullPermutations >= minimumPermutations(correction.tests, method, alpha),
    adjusted: correction.adjusted.map((row) => row.map((v) => v ?? null)),
    distinguishable: correction.rejected.map((row) => row.map((v) => v ?? null)),
    distinguishableCount: correction.rejected.reduce(
      (n, row, r) => n + row.filter((v, c) => v === true && (!symmetric || c > r)).length,
      0,
    ),
  };
}

/** One selection's headline in both matrices, and natural minus inverted on the same groups. */
export interface HeadlineComparison {
  natural: Headline;
  inverted: Headline;
  difference: HeadlineDifference;
}

export interface StudyHeadlines {
  /** Interval level, and jackknife groups G per cell (0: means only, no intervals). */
  level: number;
  groups: number;
  /** What each metric's interval covers (docs/statistics.md §1). */
  covers: { debiased: string; biased: string };
  /** Eps 0 models of different architectures (the paper's comparison); null when the zoo has no such cells. */
  paper: HeadlineComparison | null;
  /** All cells whose models differ in architecture. */
  crossArchitecture: HeadlineComparison | null;
  /** Cells whose models share an architecture (seed replicates, eps siblings: the "trained one" reference). */
  sameArchitecture: HeadlineComparison | null;
  /**
   * Seed replicates: models of the same architecture AND eps (zoo v2's r1/r2), the cleanest "trained one"
   * reference (SPEC §6); null when the zoo has none.
   */
  replicates: HeadlineComparison | null;
}

/**
 * The three like-for-like headlines of a study; undefined for a metric whose cells carry no biased and debiased
 * values (rbf, minibatch).
 */
export function studyHeadlines(
  natural: SimilarityMatrix,
  inverted: SimilarityMatrix,
  models: readonly { architecture: string; eps: number }[],
  options: { level: number; n: number },
): StudyHeadlines | undefined {
  const blocks = selectionBlocks(natural.cells, models, options.level);
  const invertedBlocks = selectionBlocks(inverted.cells, models, options.level);
  if (!blocks || !invertedBlocks) return undefined;
  const pair = (a: Headline | null, b: Headline | null): HeadlineComparison | null =>
    a && b
      ? { natural: a, inverted: b, difference: headlineDifference(a, b, { level: options.level }) }
      : null;
  const compare = (s: CellSelection) => pair(blocks[s], invertedBlocks[s]);
  const replicate: CellFilter = (r, c) =>
    models[r]!.architecture === models[c]!.architecture && models[r]!.eps === models[c]!.eps;
  const hasReplicates = models.some((_a, r) => models.some((_b, c) => r !== c && replicate(r, c)));
  const mean = (cells: readonly (readonly MatrixCell[])[]) =>
    headlineMean(cells, replicate, { level: options.level });
  return {
    level: options.level,
    groups: natural.intervalGroups ?? natural.bootstrapResamples,
    covers: {
      debiased: INTERVAL_TARGETS.debiased,
      biased: `${INTERVAL_TARGETS.biased} (n = ${options.n}), not the population value`,
    },
    paper: compare('paper'),
    crossArchitecture: compare('crossArchitecture'),
    sameArchitecture: compare('sameArchitecture'),
    replicates: hasReplicates ? pair(mean(natural.cells), mean(inverted.cells)) : null,
  };
}

/** headlineBlocks of one matrix; undefined when its cells lack biased and debiased values. */
export function selectionBlocks(
  cells: readonly (readonly MatrixCell[])[],
  models: readonly { architecture: string; eps: number }[],
  level: number,
): Record<CellSelection, Headline | null> | undefined {
  const complete = cells.every((row) => row.every((cell) => cell.biased && cell.debiased));
  if (!complete) return undefined;
  return headlineBlocks(cells, models, { level });
}

/** Means over the off-diagonal cells of a matrix's biased and debiased values (when it has both). */
export function offDiagonalMeans(
  cells: readonly (readonly MatrixCell[])[],
): { biased: number; debiased: number } | undefined {
  let biased = 0;
  let debiased = 0;
  let count = 0;
  for (const [r, row] of cells.entries()) {
    for (const [c, cell] of row.entries()) {
      if (r === c) continue;
      if (!cell.biased || !cell.debiased) return undefined;
      biased += cell.biased.value;
      debiased += cell.debiased.value;
      count++;
    }
  }
  return { biased: biased / count, debiased: debiased / count };
}

/** The matrix with its cells' jackknife replicates dropped (intervals, nulls and values kept). */
export function withoutReplicates<M extends { cells: MatrixCell[][] }>(matrix: M): M {
  const strip = (m: MetricStatistics | undefined) => {
    if (!m) return undefined;
    const { replicates: _replicates, ...rest } = m;
    return rest;
  };
  return {
    ...matrix,
    cells: matrix.cells.map((row) =>
      row.map((cell) => ({
        ...cell,
        ...(cell.biased && { biased: strip(cell.biased) }),
        ...(cell.debiased && { debiased: strip(cell.debiased) }),
      })),
    ),
  };
}
