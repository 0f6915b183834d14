/**
 * The reproduction study (SPEC §1, §5, §6): for k models,
 *
 *   1. sample `pairs` seed/target pairs of different labels from the dataset (seeded)
 *   2. natural matrix on the target images
 *   3. per model r, the inverted dataset I_r (seeds -> targets' representations through r), via the disk cache
 *   4. inverted matrix S[r][c] = CKA(rep_r(I_r), rep_c(I_r)); off-diagonal means
 *   5. trend: training eps vs mean similarity, Spearman
 *
 * and, with `outDir`, report.json, heatmaps, the trend chart and contact sheets (study-artifacts.ts).
 */
import type { Dataset } from '../data/dataset.js';
import { samplePairs } from '../data/pairs.js';
import { computeProvenance } from '../provenance.js';
import { invertedMatrix, type MatrixOptions, naturalMatrix } from '../similarity/matrix.js';
import type { InversionOutcome, PairImages } from './cached-inversion.js';
import { writeStudyArtifacts, writeStudyReport } from './study-artifacts.js';
import { invertStudyModels } from './study-inversions.js';
import { loadStudyModels, type StudyModelSpec } from './study-models.js';
import { resolveStudyParams, type StudyParamsOverrides, type StudyPreset } from './study-params.js';
import { offDiagonalNullMean, STUDY_REPORT_SCHEMA, type StudyReport } from './study-report.js';
import { similarityTrend } from './trend.js';

export interface StudyProgress {
  stage: 'load' | 'natural' | 'inversion' | 'inverted' | 'artifacts';
  /** Units finished and total in this stage (inversion: iterations over all models and batches). */
  done: number;
  total: number;
  /** The model being inverted, and a short status line. */
  model?: string;
  detail?: string;
}

export interface StudyOptions {
  models: readonly StudyModelSpec[];
  dataset: Dataset;
  /** Starting values (default 'quick'); `params` replaces any of them. */
  preset?: StudyPreset;
  params?: StudyParamsOverrides;
  /** Inversion cache root; without it nothing is reused or resumable. */
  cacheDir?: string;
  /**
   * Worker threads for the inversions (default 1: this thread). Above 1, used when every model is given as a
   * checkpoint `dir`; see inversion-pool.ts.
   */
  concurrency?: number;
  /** Where report.json and the images go; without it nothing is written. */
  outDir?: string;
  onProgress?: (progress: StudyProgress) => void;
  signal?: AbortSignal;
}

/**
 * Runs the study and returns its report.
 * @throws InvalidArgumentError for bad parameters or fewer than 2 models; CancelledError when `signal` fires
 *   (finished batches stay in the cache: the same call resumes); what loading, inversion and CKA throw.
 */
export async function runStudy(options: StudyOptions): Promise<StudyReport> {
  const started = performance.now();
  const { dataset, signal, onProgress } = options;
  const params = resolveStudyParams(options.preset, options.params);
  const provenance = await computeProvenance();
  const clock = stopwatch();

  onProgress?.({ stage: 'load', done: 0, total: options.models.length });
  const models = await loadStudyModels(options.models);
  const sample = samplePairs(dataset.labels, { count: params.pairs, seed: params.pairSeed });
  const pairs = pairImages(dataset, sample);
  const loadMs = clock();

  const matrixOptions = (stage: StudyProgress['stage']): MatrixOptions => ({
    layer: params.layer,
    batchSize: params.representationBatchSize,
    metric: params.metric,
    nullPermutations: params.nullPermutations,
    bootstrapResamples: params.bootstrapResamples,
    confidence: params.confidence,
    seed: params.statsSeed,
    signal,
    onProgress: (p) => onProgress?.({ stage, done: p.done, total: p.total, detail: p.stage }),
  });
  const natural = await naturalMatrix(models, pairs.targets, matrixOptions('natural'));
  const naturalMs = clock();

  const { outcomes, workers } = await invertStudyModels(models, {
    pairs,
    request: (model) => ({
      weightsHash: model.weightsHash,
      datasetHash: dataset.hash,
      seedIndices: sample.seedIndices,
      targetIndices: sample.targetIndices,
      settings: params.inversion,
      layer: params.layer,
    }),
    provenance: (model) => ({
      codeVersion: provenance.codeVersion,
      backend: provenance.backend.name,
      model: model.id,
    }),
    cacheDir: options.cacheDir,
    concurrency: options.concurrency,
    signal,
    onProgress: (done, total, model, detail) =>
      onProgress?.({ stage: 'inversion', done, total, model, detail }),
  });
  const inversionMs = clock();

  const inversions = outcomes.map((o) => o.inversion.images);
  const inverted = await invertedMatrix(models, inversions, matrixOptions('inverted'));
  const invertedMs = clock();

  const trend = similarityTrend(models, { inverted, natural });
  const count = (source: InversionOutcome['source']) => outcomes.filter((o) => o.source === source).length;
  const report: StudyReport = {
    schema: STUDY_REPORT_SCHEMA,
    createdAt: new Date().toISOString(),
    provenance,
    params,
    dataset: {
      name: dataset.name,
      source: dataset.source,
      hash: dataset.hash,
      count: dataset.count,
      imageShape: dataset.imageShape,
    },
    pairs: {
      seed: sample.seed,
      count: sample.count,
      seedIndices: Array.from(sample.seedIndices),
      targetIndices: Array.from(sample.targetIndices),
      seedLabels: Array.from(sample.seedLabels),
      targetLabels: Array.from(sample.targetLabels),
    },
    models: models.map((m, r) => {
      const { inversion, source, batchesComputed } = outcomes[r]!;
      return {
        id: m.id,
        architecture: m.architecture,
        eps: m.eps,
        norm: m.norm,
        weightsHash: m.weightsHash,
        ...(m.dir !== undefined && { dir: m.dir }),
        layer: inverted.layers[r]!,
        inversion: {
          cacheKey: inversion.key,
          source,
          batchesComputed,
          meanLoss: mean(inversion.losses),
          meanSeedLoss: mean(inversion.seedLosses),
          zeroGradientSteps: inversion.zeroGradientSteps.reduce((a, b) => a + b, 0),
          msPerIteration: inversion.timings.msPerIteration,
          totalMs: inversion.timings.totalMs,
        },
      };
    }),
    natural,
    inverted,
    trend,
    summary: {
      naturalOffDiagonalMean: natural.offDiagonalMean,
      invertedOffDiagonalMean: inverted.offDiagonalMean,
      naturalNullMean: offDiagonalNullMean(natural),
      invertedNullMean: offDiagonalNullMean(inverted),
      trend: trend.correlations.find((c) => c.group === 'all' && c.measure === 'invertedRowMean'),
      inversions: { computed: count('computed'), resumed: count('resumed'), cached: count('cache') },
    },
    timings: { totalMs: 0, loadMs, naturalMs, inversionMs, invertedMs, artifactsMs: 0, workers },
    files: [],
  };
  if (options.outDir) {
    onProgress?.({ stage: 'artifacts', done: 0, total: 1 });
    report.files = await writeStudyArtifacts(options.outDir, report, pairs, inversions);
    report.timings.artifactsMs = clock();
  }
  report.timings.totalMs = performance.now() - started;
  if (options.outDir) await writeStudyReport(options.outDir, report);
  return report;
}

function pairImages(dataset: Dataset, sample: ReturnType<typeof samplePairs>): PairImages {
  const size = dataset.imageShape.reduce((a, b) => a * b, 1);
  const read = (indices: Int32Array) => {
    const out = new Float32Array(indices.length * size);
    indices.forEach((index, i) => {
      out.set(dataset.images.subarray(index * size, (index + 1) * size), i * size);
    });
    return out;
  };
  return {
    seeds: read(sample.seedIndices),
    targets: read(sample.targetIndices),
    shape: [sample.count, ...dataset.imageShape],
    seedLabels: sample.seedLabels,
    targetLabels: sample.targetLabels,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Milliseconds since the previous call (or since creation). */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = now - last;
    last = now;
    return ms;
  };
}
