/**
 * Step 3 of the study pipeline: the report from a plan and its results, the same whichever driver ran them.
 * Natural cells are computed on and above the diagonal and mirrored (CKA is symmetric; p and q swap); the
 * inverted matrix is row r on I_r. Then, from the cells with their jackknife replicates, the like-for-like
 * headlines and the Benjamini-Hochberg marks (study-statistics.ts), the trend tests (trend.ts), the prediction
 * agreement, STIR and convergence; the reported cells drop their replicates.
 */
import type { ComputeProvenance } from '../provenance.js';
import { assembleMatrix, type MatrixCell, type SimilarityMatrix } from '../similarity/matrix.js';
import { assembleStirMatrix, stirDirections } from '../stir/stir-matrix.js';
import type { StudyResults } from './execute-study.js';
import type { ModelDescription } from './model-description.js';
import type { StudyPlan } from './plan.js';
import type { CellsOutcome, InversionSummary, StirOutcome, StudyCell } from './study-executor.js';
import { studyStatistics } from './study-params.js';
import {
  type ConvergenceRecord,
  type InversionReport,
  offDiagonalNullMean,
  STUDY_REPORT_SCHEMA,
  type StudyAgreement,
  type StudyReport,
  type StudyStir,
} from './study-report.js';
import {
  matrixSignificance,
  offDiagonalMeans,
  selectionBlocks,
  studyHeadlines,
  withoutReplicates,
} from './study-statistics.js';
import { similarityTrend } from './trend.js';

export interface AssembleContext {
  provenance: ComputeProvenance;
  /** Checkpoint directory (or ONNX file) per model, when loaded from one. */
  dirs?: readonly (string | undefined)[];
  /** Per model, in row order: what its card or metadata says (describeStudyModel). */
  descriptions?: readonly (ModelDescription | undefined)[];
  /** Milliseconds spent loading models and data, and the parallel inversions (threads or processes). */
  loadMs: number;
  workers: number;
  createdAt?: Date;
}

/** The attack norm of the robustness grids the trend reads (the shipped zoos' L2 PGD-20 grid). */
export const ROBUSTNESS_GRID_NORM = 'l2';

/** @throws Error when a result misses a planned cell (a broken executor: a programming error). */
export function assembleStudyReport(
  plan: StudyPlan,
  results: StudyResults<unknown>,
  context: AssembleContext,
): StudyReport {
  const { params, pairs } = plan;
  const ids = plan.models.map((m) => m.id);
  const outcomes: (CellsOutcome | StirOutcome)[] = [
    results.natural,
    ...results.inverted,
    ...(results.stir?.rows ?? []),
  ];
  const layers = ids.map((id, r) => {
    const layer = outcomes.map((o) => o.layers[r]).find((l) => l !== undefined);
    if (layer === undefined) throw new Error(`no cell of the study touched model ${id}`);
    return layer;
  });
  const statistics = studyStatistics(params);
  const invertedCells = results.inverted.flatMap((o: CellsOutcome) => o.cells);
  const natural = matrixFromCells('natural', ids, layers, results.natural.cells, statistics);
  const inverted = matrixFromCells('inverted', ids, layers, invertedCells, statistics);
  const headlines = studyHeadlines(natural, inverted, plan.models, {
    level: params.confidence,
    n: pairs.count,
  });
  const trend = similarityTrend(
    plan.models,
    { inverted, natural },
    {
      permutations: params.trendPermutations ?? 9999,
      seed: params.statsSeed,
      robustness: { eps: params.robustAccuracyEps ?? 1, norm: ROBUSTNESS_GRID_NORM },
    },
  );
  const agreement = agreementOf(invertedCells, ids.length);
  const stir = results.stir && stirReport(plan, results.stir.rows, layers, statistics);
  const convergence =
    results.convergence.length > 0
      ? convergenceRecords(plan, results, inverted, layers, statistics)
      : undefined;
  const count = (source: string) => results.inversions.filter((i) => i.summary.source === source).length;
  const inversionReport = ({ key, ...summary }: InversionSummary): InversionReport => ({
    cacheKey: key,
    ...summary,
  });
  return {
    schema: STUDY_REPORT_SCHEMA,
    createdAt: (context.createdAt ?? new Date()).toISOString(),
    provenance: context.provenance,
    params,
    dataset: plan.dataset,
    images: plan.images,
    pairs: {
      seed: pairs.seed,
      count: pairs.count,
      seedIndices: Array.from(pairs.seedIndices),
      targetIndices: Array.from(pairs.targetIndices),
      seedLabels: Array.from(pairs.seedLabels),
      targetLabels: Array.from(pairs.targetLabels),
    },
    models: plan.models.map((m, r) => {
      const dir = context.dirs?.[r];
      const stirInversion = results.stir?.inversions[r]?.summary;
      return {
        id: m.id,
        architecture: m.architecture,
        eps: m.eps,
        norm: m.norm,
        weightsHash: m.weightsHash,
        ...(dir !== undefined && { dir }),
        layer: layers[r]!,
        ...context.descriptions?.[r],
        inversion: inversionReport(results.inversions[r]!.summary),
        ...(stirInversion && { stirInversion: inversionReport(stirInversion) }),
      };
    }),
    natural: withoutReplicates(natural),
    inverted: withoutReplicates(inverted),
    significance: {
      natural: matrixSignificance(natural, true),
      inverted: matrixSignificance(inverted, false),
    },
    ...(headlines && { headlines }),
    agreement,
    trend,
    ...(stir && { stir }),
    ...(convergence && { convergence }),
    summary: {
      naturalOffDiagonalMean: natural.offDiagonalMean,
      invertedOffDiagonalMean: inverted.offDiagonalMean,
      naturalNullMean: offDiagonalNullMean(natural),
      invertedNullMean: offDiagonalNullMean(inverted),
      agreementOffDiagonalMean: {
        target: agreement.targetOffDiagonalMean,
        seed: agreement.seedOffDiagonalMean,
      },
      trend: trend.correlations.find((c) => c.covariate === 'eps' && c.measure === 'invertedRowMean'),
      inversions: { computed: count('computed'), resumed: count('resumed'), cached: count('cache') },
    },
    timings: {
      totalMs: 0,
      loadMs: context.loadMs,
      ...results.spans,
      artifactsMs: 0,
      workers: context.workers,
    },
    files: [],
  };
}

/**
 * A matrix from a study's cells: inverted cells placed at (a, b); natural cells, computed for a <= b, also
 * mirrored to (b, a) (CKA is symmetric; p and q swap).
 * @throws Error when a cell is missing (a broken executor: a programming error).
 */
export function matrixFromCells(
  kind: SimilarityMatrix['kind'],
  ids: readonly string[],
  layers: readonly string[],
  cells: readonly StudyCell[],
  statistics: Parameters<typeof assembleMatrix>[4],
): SimilarityMatrix {
  const k = ids.length;
  const grid = Array.from({ length: k }, () => new Array<MatrixCell | undefined>(k));
  for (const { a, b, cell } of cells) {
    grid[a]![b] = cell;
    if (kind === 'natural' && a !== b) grid[b]![a] = { ...cell, p: cell.q, q: cell.p };
  }
  return assembleMatrix(kind, ids, layers, complete(grid, kind), statistics);
}

function complete(cells: (MatrixCell | undefined)[][], kind: SimilarityMatrix['kind']): MatrixCell[][] {
  for (let r = 0; r < cells.length; r++) {
    for (let c = 0; c < cells.length; c++) {
      if (!cells[r]![c])
        throw new Error(`the ${kind} results miss cell (${r}, ${c}); the executor dropped it`);
    }
  }
  return cells as MatrixCell[][];
}

function stirReport(
  plan: StudyPlan,
  rows: readonly StirOutcome[],
  layers: readonly string[],
  statistics: ReturnType<typeof studyStatistics>,
): StudyStir {
  const ids = plan.models.map((m) => m.id);
  const matrix = assembleStirMatrix(
    ids,
    layers,
    rows.flatMap((o) => o.cells),
    statistics,
  );
  const means = offDiagonalMeans(matrix.cells);
  const headlines = selectionBlocks(matrix.cells, plan.models, plan.params.confidence);
  const significance = matrixSignificance(matrix, false);
  return {
    settings: plan.params.stir!,
    matrix: withoutReplicates(matrix),
    directions: stirDirections(matrix),
    offDiagonalMean: { value: matrix.offDiagonalMean, ...means },
    ...(headlines && { headlines }),
    ...(significance && { significance }),
  };
}

/** One record per checkpoint below the last iteration, then the last iteration's (the inverted matrix). */
function convergenceRecords(
  plan: StudyPlan,
  results: StudyResults<unknown>,
  inverted: SimilarityMatrix,
  layers: readonly string[],
  statistics: ReturnType<typeof studyStatistics>,
): ConvergenceRecord[] {
  const ids = plan.models.map((m) => m.id);
  const record = (iteration: number, matrix: SimilarityMatrix, meanLoss: number): ConvergenceRecord => {
    const means = offDiagonalMeans(matrix.cells);
    const headlines = selectionBlocks(matrix.cells, plan.models, plan.params.confidence);
    const debiased = matrix.cells.every((row) => row.every((cell) => cell.debiased));
    return {
      iteration,
      meanLoss,
      values: matrix.values,
      ...(debiased && { debiasedValues: matrix.cells.map((row) => row.map((c) => c.debiased!.value)) }),
      offDiagonalMean: { value: matrix.offDiagonalMean, ...means },
      ...(headlines && { headlines }),
    };
  };
  const at = results.convergence.map(({ iteration, rows }) => {
    const matrix = matrixFromCells(
      'inverted',
      ids,
      layers,
      rows.flatMap((o) => o.cells),
      { ...statistics, nullPermutations: 0 },
    );
    const losses = results.inversions.map(
      (i) => i.summary.checkpoints?.find((c) => c.iteration === iteration)?.meanLoss ?? Number.NaN,
    );
    return record(iteration, matrix, mean(losses));
  });
  const final = mean(results.inversions.map((i) => i.summary.meanLoss));
  return [...at, record(plan.params.inversion.iterations, inverted, final)];
}

function agreementOf(cells: readonly StudyCell[], k: number): StudyAgreement {
  const target = Array.from({ length: k }, () => new Array<number>(k).fill(Number.NaN));
  const seed = Array.from({ length: k }, () => new Array<number>(k).fill(Number.NaN));
  for (const { a, b, agreement } of cells) {
    if (!agreement) continue;
    target[a]![b] = agreement.target;
    seed[a]![b] = agreement.seed;
  }
  const offDiagonal = (m: number[][]) => mean(m.flatMap((row, r) => row.filter((_, c) => c !== r)));
  return {
    target,
    seed,
    targetOffDiagonalMean: offDiagonal(target),
    seedOffDiagonalMean: offDiagonal(seed),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
