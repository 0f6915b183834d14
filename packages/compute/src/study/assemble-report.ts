/**
 * Step 3 of the study pipeline: the report from a plan and its results, the same whichever driver ran them.
 * Natural cells are computed on and above the diagonal and mirrored (CKA is symmetric; p and q swap); the
 * inverted matrix is row r on I_r. Then the trend (trend.ts), the prediction agreement and the summary.
 */
import type { ComputeProvenance } from '../provenance.js';
import { assembleMatrix, type MatrixCell, type SimilarityMatrix } from '../similarity/matrix.js';
import type { StudyResults } from './execute-study.js';
import type { StudyPlan } from './plan.js';
import type { CellsOutcome, StudyCell } from './study-executor.js';
import {
  offDiagonalNullMean,
  STUDY_REPORT_SCHEMA,
  type StudyAgreement,
  type StudyReport,
} from './study-report.js';
import { similarityTrend } from './trend.js';

export interface AssembleContext {
  provenance: ComputeProvenance;
  /** Checkpoint directory per model, when loaded from one. */
  dirs?: readonly (string | undefined)[];
  /** Milliseconds spent loading models and data, and the parallel inversions (threads or processes). */
  loadMs: number;
  workers: number;
  createdAt?: Date;
}

/** @throws Error when a result misses a planned cell (a broken executor: a programming error). */
export function assembleStudyReport(
  plan: StudyPlan,
  results: StudyResults<unknown>,
  context: AssembleContext,
): StudyReport {
  const { params, pairs } = plan;
  const ids = plan.models.map((m) => m.id);
  const layers = ids.map((id, r) => {
    const layer = [results.natural, ...results.inverted].map((o) => o.layers[r]).find((l) => l !== undefined);
    if (layer === undefined) throw new Error(`no cell of the study touched model ${id}`);
    return layer;
  });
  const statistics = {
    metric: params.metric,
    nullPermutations: params.nullPermutations,
    bootstrapResamples: params.bootstrapResamples,
    seed: params.statsSeed,
  };
  const invertedCells = results.inverted.flatMap((o: CellsOutcome) => o.cells);
  const natural = matrixFromCells('natural', ids, layers, results.natural.cells, statistics);
  const inverted = matrixFromCells('inverted', ids, layers, invertedCells, statistics);
  const trend = similarityTrend(plan.models, { inverted, natural });
  const agreement = agreementOf(invertedCells, ids.length);
  const count = (source: string) => results.inversions.filter((i) => i.summary.source === source).length;
  return {
    schema: STUDY_REPORT_SCHEMA,
    createdAt: (context.createdAt ?? new Date()).toISOString(),
    provenance: context.provenance,
    params,
    dataset: plan.dataset,
    pairs: {
      seed: pairs.seed,
      count: pairs.count,
      seedIndices: Array.from(pairs.seedIndices),
      targetIndices: Array.from(pairs.targetIndices),
      seedLabels: Array.from(pairs.seedLabels),
      targetLabels: Array.from(pairs.targetLabels),
    },
    models: plan.models.map((m, r) => {
      const { key, ...summary } = results.inversions[r]!.summary;
      const dir = context.dirs?.[r];
      return {
        id: m.id,
        architecture: m.architecture,
        eps: m.eps,
        norm: m.norm,
        weightsHash: m.weightsHash,
        ...(dir !== undefined && { dir }),
        layer: layers[r]!,
        inversion: { cacheKey: key, ...summary },
      };
    }),
    natural,
    inverted,
    agreement,
    trend,
    summary: {
      naturalOffDiagonalMean: natural.offDiagonalMean,
      invertedOffDiagonalMean: inverted.offDiagonalMean,
      naturalNullMean: offDiagonalNullMean(natural),
      invertedNullMean: offDiagonalNullMean(inverted),
      agreementOffDiagonalMean: {
        target: agreement.targetOffDiagonalMean,
        seed: agreement.seedOffDiagonalMean,
      },
      trend: trend.correlations.find((c) => c.group === 'all' && c.measure === 'invertedRowMean'),
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

function agreementOf(cells: readonly StudyCell[], k: number): StudyAgreement {
  const target = Array.from({ length: k }, () => new Array<number>(k).fill(Number.NaN));
  const seed = Array.from({ length: k }, () => new Array<number>(k).fill(Number.NaN));
  for (const { a, b, agreement } of cells) {
    if (!agreement) continue;
    target[a]![b] = agreement.target;
    seed[a]![b] = agreement.seed;
  }
  const offDiagonal = (m: number[][]) => {
    const values = m.flatMap((row, r) => row.filter((_, c) => c !== r));
    return values.reduce((s, v) => s + v, 0) / values.length;
  };
  return {
    target,
    seed,
    targetOffDiagonalMean: offDiagonal(target),
    seedOffDiagonalMean: offDiagonal(seed),
  };
}
