/**
 * The reproduction study (SPEC §1, §5, §6) as the CLI runs it: the one pipeline (plan.ts -> execute-study.ts
 * -> assemble-report.ts) driven by the local executor (disk cache, worker threads):
 *
 *   1. sample `pairs` seed/target pairs of different labels (seeded) from the images the models did not train
 *      on (chooseStudyImages, from their cards; `images` when the caller chose them)
 *   2. natural matrix on the target images
 *   3. per model r, the inverted dataset I_r (seeds -> targets' representations through r), via the disk cache
 *   4. inverted matrix S[r][c] = CKA(rep_r(I_r), rep_c(I_r)), prediction agreement; every cell biased and
 *      debiased CKA with jackknife intervals and permutation p-values; BH marks; like-for-like headlines
 *   5. trend: training eps and measured robust accuracy vs similarity to other architectures, permutation tests
 *   6. optionally the inverted matrix at convergence checkpoints, and STIR (params.convergence, params.stir)
 *
 * and, with `outDir`, report.json, summary.json, summary.txt, heatmaps, trend, convergence and STIR charts and
 * contact sheets (study-artifacts.ts).
 */
import type { Dataset } from '../data/dataset.js';
import type { PairSample } from '../data/pairs.js';
import { computeProvenance } from '../provenance.js';
import { assembleStudyReport, ROBUSTNESS_GRID_NORM } from './assemble-report.js';
import type { PairImages } from './cached-inversion.js';
import { executeStudy } from './execute-study.js';
import { createLocalExecutor, type LocalInversion } from './local-executor.js';
import { describeStudyModel } from './model-description.js';
import { planStudy } from './plan.js';
import { writeStudyArtifacts, writeStudyReport } from './study-artifacts.js';
import { chooseStudyImages, datasetSliceHash, type StudyImages } from './study-images.js';
import { loadStudyModels, type StudyModelSpec } from './study-models.js';
import {
  resolveStudyParams,
  type StudyParamsOverrides,
  type StudyPreset,
  studyStatistics,
} from './study-params.js';
import type { StudyProgress } from './study-progress.js';
import type { StudyReport } from './study-report.js';
import { robustAccuracyAt } from './trend.js';

export type { StudyProgress } from './study-progress.js';

export interface StudyOptions {
  models: readonly StudyModelSpec[];
  /** The whole dataset: pair indices are its own. */
  dataset: Dataset;
  /** The images the pairs come from; default chooseStudyImages on the models' cards (what `simlab study` does). */
  images?: StudyImages;
  /** Starting values (default 'quick'); `params` replaces any of them. */
  preset?: StudyPreset;
  params?: StudyParamsOverrides;
  /** Inversion cache root; without it nothing is reused or resumable. */
  cacheDir?: string;
  /**
   * Worker threads for the inversions (default 1: this thread). Above 1, used when every model is given as a
   * path (`dir`: a checkpoint directory or an ONNX model); see inversion-pool.ts.
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
  const { dataset, onProgress } = options;
  const params = resolveStudyParams(options.preset, options.params);
  const provenance = await computeProvenance();

  onProgress?.({ stage: 'load', done: 0, total: options.models.length, fraction: 0 });
  const models = await loadStudyModels(options.models);
  const robustEps = params.robustAccuracyEps ?? 1;
  const images =
    options.images ??
    (await chooseStudyImages({
      dataset,
      models: models.map(({ id, card }) => ({ id, card })),
      sliceHash: datasetSliceHash(dataset),
    }));
  const plan = planStudy({
    models: models.map(({ id, architecture, eps, norm, weightsHash, card }) => {
      const robustAccuracy = robustAccuracyAt(card, robustEps, ROBUSTNESS_GRID_NORM);
      return {
        id,
        architecture,
        eps,
        norm,
        weightsHash,
        ...(robustAccuracy !== undefined && { robustAccuracy }),
      };
    }),
    dataset: { ...describeDataset(dataset), labels: dataset.labels },
    params,
    images,
  });
  const pairs = pairImages(dataset, plan.pairs);
  const loadMs = performance.now() - started;

  const executor = createLocalExecutor({
    models,
    pairs,
    cacheDir: options.cacheDir,
    concurrency: options.concurrency,
    provenance: (model) => ({
      codeVersion: provenance.codeVersion,
      backend: provenance.backend.name,
      model: model.id,
    }),
    statistics: studyStatistics(params),
    layer: params.layer,
    representationBatchSize: params.representationBatchSize,
  });
  let results: Awaited<ReturnType<typeof executeStudy<LocalInversion>>>;
  try {
    results = await executeStudy(plan, executor, { signal: options.signal, onProgress });
  } finally {
    await executor.close();
  }
  const report = assembleStudyReport(plan, results, {
    provenance,
    dirs: models.map((m) => m.dir),
    descriptions: models.map((m) => describeStudyModel(m, params.robustAccuracyEps ?? 1)),
    loadMs,
    workers: executor.workers,
  });
  if (options.outDir) {
    const before = performance.now();
    onProgress?.({ stage: 'artifacts', done: 0, total: 1, fraction: 1 });
    report.files = await writeStudyArtifacts(options.outDir, report, {
      pairs,
      inversions: results.inversions.map((i) => i.handle.images),
      ...(results.stir && { stir: results.stir.inversions.map((i) => i.handle.images) }),
    });
    report.timings.artifactsMs = performance.now() - before;
  }
  report.timings.totalMs = performance.now() - started;
  if (options.outDir) await writeStudyReport(options.outDir, report);
  return report;
}

function describeDataset(dataset: Dataset) {
  const { name, source, hash, count, imageShape } = dataset;
  return { name, source, hash, count, imageShape };
}

/** The seeds and targets of the sample, NHWC, in pair order. */
function pairImages(dataset: Dataset, sample: PairSample): PairImages {
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
