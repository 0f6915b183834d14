/**
 * A standalone STIR run over a set of models (SPEC §5): sample n natural images X (seeded, without
 * replacement), invert X through every model from the same noise (X'_r, stir-inversion.ts), then the STIR
 * matrix in both directions and, for reference, the natural CKA matrix on X (what STIR's code reports beside
 * it). Drivers (the CLI) load models and data and write files; this computes and records provenance (SPEC §7).
 */

import { type Dataset, subsetDataset } from '../data/dataset.js';
import { InvalidArgumentError, throwIfAborted } from '../errors.js';
import type { InversionParameters } from '../invert/inversion-options.js';
import type { ModelLike } from '../models/classifier.js';
import { type ComputeProvenance, computeProvenance } from '../provenance.js';
import { createRng } from '../random.js';
import { type MatrixOptions, naturalMatrix, type SimilarityMatrix } from '../similarity/matrix.js';
import { type Inverter, invertForStir } from './stir-inversion.js';
import { type StirMatrix, stirDirections, stirMatrix } from './stir-matrix.js';
import type { StirSettings } from './stir-settings.js';

export const STIR_REPORT_SCHEMA = 'simlab.stir/1';

export interface StirModel {
  id: string;
  model: ModelLike;
  weightsHash: string;
  /** The checkpoint directory it was loaded from, when it was (worker threads load it from there). */
  dir?: string;
  /** Described in the report when known (from a model card). */
  architecture?: string;
  eps?: number;
}

export type StirStatistics = Pick<
  MatrixOptions,
  'metric' | 'nullPermutations' | 'bootstrapResamples' | 'confidence' | 'seed'
>;

export interface RunStirOptions {
  models: readonly StirModel[];
  /** X is drawn from these images (pass held-out ones). */
  dataset: Dataset;
  /** n, the number of natural images (each with its X'), >= 4. */
  count: number;
  /** Seed of the draw of X. */
  sampleSeed: number;
  settings: StirSettings;
  statistics: StirStatistics;
  layer?: string;
  /** Images per forward pass for representations; default 256. */
  representationBatchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: StirProgress) => void;
  /** What inverts each model (e.g. on a worker pool); default invertImages in this thread. */
  inverter?: (model: StirModel) => Inverter;
}

export interface StirProgress {
  stage: 'invert' | 'cells';
  /** Model being inverted (invert stage). */
  model?: string;
  /** Work done and total in this stage: inversion iterations over all models, or cells. */
  done: number;
  total: number;
  detail?: string;
}

export interface StirReport {
  schema: typeof STIR_REPORT_SCHEMA;
  createdAt: string;
  provenance: ComputeProvenance;
  settings: StirSettings;
  statistics: StirStatistics;
  dataset: { name: string; source: string; hash: string; count: number };
  images: { sampleSeed: number; count: number; indices: number[]; labels: number[] };
  models: {
    id: string;
    architecture?: string;
    eps?: number;
    weightsHash: string;
    /** The parameters this model's inversion ran with (fakeRelu as applied to this model). */
    inversion: InversionParameters & {
      meanLoss: number;
      meanSeedLoss: number;
      zeroGradientSteps: number;
      msPerIteration: number;
      totalMs: number;
    };
  }[];
  /** stir.values[r][c] = STIR(c | r). */
  stir: StirMatrix;
  /** CKA(rep_r(X), rep_c(X)). */
  natural: SimilarityMatrix;
  directions: ReturnType<typeof stirDirections>;
  summary: {
    /** Of the matrix's metric (linear: biased CKA, as STIR's paper reports). */
    stirOffDiagonalMean: number;
    stirDiagonalMean: number;
    /** Debiased CKA (SPEC §5: quoted beside the biased value), when the cells carry it. */
    stirOffDiagonalMeanDebiased?: number;
    naturalOffDiagonalMean: number;
    naturalOffDiagonalMeanDebiased?: number;
  };
  timings: { totalMs: number; inversionMs: number; cellsMs: number };
}

/** @throws InvalidArgumentError for fewer than 4 images or more than the dataset holds; what the steps throw. */
export async function runStir(options: RunStirOptions): Promise<StirReport> {
  const started = performance.now();
  const { models, dataset, settings, statistics } = options;
  if (!Number.isInteger(options.count) || options.count < 4 || options.count > dataset.count) {
    throw new InvalidArgumentError(
      `STIR needs 4..${dataset.count} natural images (the dataset's size), got ${options.count}`,
    );
  }
  // X: `count` distinct images, in index order (the draw is recorded, not the order).
  const indices = Array.from(
    createRng(options.sampleSeed).permutation(dataset.count).subarray(0, options.count),
  ).sort((a, b) => a - b);
  const x = subsetDataset(dataset, indices);
  const natural = { data: x.images, shape: [x.count, ...x.imageShape] as [number, number, number, number] };
  const batches = Math.ceil(x.count / settings.inversion.batchSize);
  const perModel = batches * Math.max(1, settings.inversion.iterations);
  const inversions: Awaited<ReturnType<typeof invertForStir>>[] = [];
  for (const [r, m] of models.entries()) {
    throwIfAborted(options.signal, 'STIR');
    inversions.push(
      await invertForStir(m.model, natural, {
        settings,
        invert: options.inverter?.(m),
        layer: options.layer,
        signal: options.signal,
        onProgress: (p) =>
          options.onProgress?.({
            stage: 'invert',
            model: m.id,
            done: r * perModel + p.batch * p.iterations + p.iteration,
            total: models.length * perModel,
            detail: `loss ${p.meanLoss.toFixed(4)}`,
          }),
      }),
    );
  }
  const inversionMs = performance.now() - started;
  const k = models.length;
  const cellsTotal = k * k + (k * (k + 1)) / 2;
  const matrixOptions = {
    ...statistics,
    layer: options.layer,
    batchSize: options.representationBatchSize ?? 256,
    signal: options.signal,
  };
  const matrixModels = models.map((m) => ({ id: m.id, model: m.model }));
  const stir = await stirMatrix(
    matrixModels,
    natural.data,
    inversions.map((i) => i.images),
    {
      ...matrixOptions,
      onProgress: (done) => options.onProgress?.({ stage: 'cells', done, total: cellsTotal, detail: 'STIR' }),
    },
  );
  const naturalCka = await naturalMatrix(matrixModels, natural.data, {
    ...matrixOptions,
    onProgress: (p) => {
      // naturalMatrix counts its k representations first, then its k(k+1)/2 cells
      if (p.stage === 'cells') {
        options.onProgress?.({
          stage: 'cells',
          done: k * k + p.done - k,
          total: cellsTotal,
          detail: 'natural',
        });
      }
    },
  });
  return {
    schema: STIR_REPORT_SCHEMA,
    createdAt: new Date().toISOString(),
    provenance: await computeProvenance(),
    settings,
    statistics,
    dataset: { name: dataset.name, source: dataset.source, hash: dataset.hash, count: dataset.count },
    images: { sampleSeed: options.sampleSeed, count: x.count, indices, labels: Array.from(x.labels) },
    models: models.map((m, r) => {
      const inv = inversions[r]!;
      return {
        id: m.id,
        ...(m.architecture !== undefined && { architecture: m.architecture }),
        ...(m.eps !== undefined && { eps: m.eps }),
        weightsHash: m.weightsHash,
        inversion: {
          ...inv.parameters,
          meanLoss: mean(inv.losses),
          meanSeedLoss: mean(inv.seedLosses),
          zeroGradientSteps: inv.zeroGradientSteps.reduce((s: number, v: number) => s + v, 0),
          msPerIteration: inv.timings.msPerIteration,
          totalMs: inv.timings.totalMs,
        },
      };
    }),
    stir,
    natural: naturalCka,
    directions: stirDirections(stir),
    summary: {
      stirOffDiagonalMean: stir.offDiagonalMean,
      ...defined('stirOffDiagonalMeanDebiased', debiasedOffDiagonalMean(stir)),
      ...defined('naturalOffDiagonalMeanDebiased', debiasedOffDiagonalMean(naturalCka)),
      stirDiagonalMean: mean(stir.values.map((row, r) => row[r]!)),
      naturalOffDiagonalMean: naturalCka.offDiagonalMean,
    },
    timings: {
      totalMs: performance.now() - started,
      inversionMs,
      cellsMs: performance.now() - started - inversionMs,
    },
  };
}

/** A few lines for a terminal: the matrix, then both directions of every pair. */
export function formatStirSummary(report: StirReport): string {
  const { ids, values } = report.stir;
  const width = Math.max(8, ...ids.map((id) => id.length)) + 1;
  const lines = [
    `STIR on ${report.images.count} images of ${report.dataset.name}, ${report.settings.inversion.iterations} iterations ` +
      `(row m1: X' inverted through it; column m2: STIR(m2 | m1) = CKA(m2(X), m2(X')))`,
    ['m1 \\ m2'.padEnd(width), ...ids.map((id) => id.padStart(width))].join(''),
    ...values.map((row, r) =>
      [ids[r]!.padEnd(width), ...row.map((v) => v.toFixed(3).padStart(width))].join(''),
    ),
    '',
    `mean off-diagonal STIR ${report.summary.stirOffDiagonalMean.toFixed(3)}, diagonal ${report.summary.stirDiagonalMean.toFixed(3)}; ` +
      `natural CKA off-diagonal ${report.summary.naturalOffDiagonalMean.toFixed(3)}`,
    ...(report.summary.stirOffDiagonalMeanDebiased === undefined
      ? []
      : [
          `debiased: mean off-diagonal STIR ${report.summary.stirOffDiagonalMeanDebiased.toFixed(3)}, natural CKA ` +
            `${report.summary.naturalOffDiagonalMeanDebiased?.toFixed(3)}`,
        ]),
    ...report.directions.map(
      (d) =>
        `  ${d.a} / ${d.b}: STIR(${d.b} | ${d.a}) = ${d.stirBGivenA.toFixed(3)}, STIR(${d.a} | ${d.b}) = ${d.stirAGivenB.toFixed(3)}`,
    ),
  ];
  return lines.join('\n');
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Mean debiased CKA off the diagonal, or undefined when a cell lacks it (a metric without a debiased form). */
function debiasedOffDiagonalMean(matrix: Pick<SimilarityMatrix, 'cells'>): number | undefined {
  const values = matrix.cells.flatMap((row, r) =>
    row.filter((_, c) => c !== r).map((cell) => cell.debiased?.value),
  );
  return values.every((v) => v !== undefined) ? mean(values as number[]) : undefined;
}

function defined<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
