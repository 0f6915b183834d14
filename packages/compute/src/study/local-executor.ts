/**
 * The CLI's study executor: inversions through the disk cache (inversion-cache.ts), on worker threads when
 * every model has a path (a checkpoint directory or an ONNX file) and more than one thread is asked for, else in
 * this thread; cells in this thread, one unit at a time. A finished inversion is read in this thread, so a re-run
 * starts no worker. It does everything a plan can ask: checkpoint cells (convergence) and STIR rows too.
 */
import { createRepresentationModel } from '../models/representation.js';
import { type NaturalActivations, stirRowCells } from '../stir/stir-matrix.js';
import { cachedInversion, type InversionOutcome, type PairImages } from './cached-inversion.js';
import type { CellStatisticsOptions } from './image-set-cells.js';
import { computeImageSetCells } from './image-set-cells.js';
import { type CachedInversion, InversionCache } from './inversion-cache.js';
import { createInversionPool, type InversionPool } from './inversion-pool.js';
import type { CellPair, InversionUnit } from './plan.js';
import type { CellsContext, InversionSummary, StudyExecutor } from './study-executor.js';
import type { StudyModel } from './study-models.js';

export interface LocalExecutorOptions {
  /** In the plan's row order. */
  models: readonly StudyModel[];
  pairs: PairImages;
  /** Inversion cache root; without it nothing is reused or resumable. */
  cacheDir?: string;
  /** Worker threads for the inversions; 1 (default) inverts in this thread. */
  concurrency?: number;
  /** Provenance stored beside each cached inversion. */
  provenance: (model: StudyModel) => Record<string, unknown>;
  statistics: CellStatisticsOptions;
  layer?: string;
  representationBatchSize: number;
}

/** An inversion as this executor holds it: the stored entry (images, and each checkpoint's images). */
export type LocalInversion = CachedInversion;

export interface LocalExecutor extends StudyExecutor<LocalInversion> {
  /** Threads the inversions ran on (1: this one). */
  readonly workers: number;
  close(): Promise<void>;
}

export function createLocalExecutor(options: LocalExecutorOptions): LocalExecutor {
  const { models, pairs } = options;
  const cache = options.cacheDir ? new InversionCache(options.cacheDir) : undefined;
  const pooled = (options.concurrency ?? 1) > 1 && models.every((m) => m.dir !== undefined);
  const pool: InversionPool | undefined = pooled ? createInversionPool(options.concurrency) : undefined;
  const inThisThread = createSerialQueue();
  // rep_c(X) of the natural images, computed once for every STIR row.
  const naturalActivations: NaturalActivations = new Map();

  async function invertOne(
    unit: InversionUnit,
    signal: AbortSignal,
    onProgress: Parameters<LocalExecutor['invert']>[1]['onProgress'],
  ): Promise<InversionOutcome> {
    const model = models[unit.row]!;
    const provenance = options.provenance(model);
    if (!pool) {
      // Queued at once, in row order (cachedInversion reads the cache first): the run order does not depend on
      // which cache lookup finishes first.
      return inThisThread.run(() =>
        cachedInversion(model.model, pairs, unit.request, { cache, provenance, signal, onProgress }),
      );
    }
    // A finished inversion is read here, so a re-run starts no worker.
    const stored = await cache?.load(unit.key);
    if (stored) return { inversion: stored, source: 'cache', batchesComputed: 0 };
    return pool.invert(
      { modelDir: model.dir!, pairs, request: unit.request, cacheDir: options.cacheDir, provenance },
      { signal, onProgress },
    );
  }

  const cellsOn = (
    images: Float32Array,
    cells: readonly CellPair[],
    context: CellsContext,
    extra: { labels?: boolean; nullPermutations?: number },
  ) =>
    inThisThread.run(() =>
      computeImageSetCells(
        models.map((m) => m.model),
        images,
        cells,
        {
          layer: options.layer,
          batchSize: options.representationBatchSize,
          statistics: {
            ...options.statistics,
            ...(extra.nullPermutations !== undefined && { nullPermutations: extra.nullPermutations }),
          },
          ...(extra.labels && { labels: { seed: pairs.seedLabels, target: pairs.targetLabels } }),
          signal: context.signal,
          onCell: context.onCell,
        },
      ),
    );

  return {
    get workers() {
      return Math.max(1, pool?.started ?? 1);
    },
    async invert(unit, { signal, onProgress }) {
      const outcome = await invertOne(unit, signal, onProgress);
      return { handle: outcome.inversion, summary: summarize(unit.key, outcome) };
    },
    cells(unit, inversion, context) {
      const inverted = unit.images.kind === 'inverted';
      return cellsOn(inverted ? inversion!.images : pairs.targets, unit.cells, context, {
        labels: inverted,
      });
    },
    checkpointCells(unit, inversion, context) {
      const { iteration, row } = unit.images;
      const at = inversion.checkpoints?.find((c) => c.iteration === iteration);
      if (!at) {
        throw new Error(
          `the inversion of row ${row} kept no checkpoint at iteration ${iteration}; its request must list it`,
        );
      }
      return cellsOn(at.images, unit.cells, context, { nullPermutations: unit.nullPermutations });
    },
    async stirCells(unit, inversion, { signal, onCell }) {
      const layers: Record<number, string> = {};
      const cells = await inThisThread.run(() =>
        stirRowCells(
          models.map((m) => m.model),
          pairs.targets,
          inversion.images,
          unit.row,
          {
            ...options.statistics,
            layer: options.layer,
            batchSize: options.representationBatchSize,
            naturalActivations,
            signal,
            onCell,
          },
          unit.columns,
        ),
      );
      for (const c of unit.columns) layers[c] = layerOf(models[c]!, options.layer);
      return { cells, layers };
    },
    close: async () => pool?.close(),
  };
}

function layerOf(model: StudyModel, layer: string | undefined): string {
  return createRepresentationModel(model.model, layer).layerName;
}

function summarize(key: string, { inversion, source, batchesComputed }: InversionOutcome): InversionSummary {
  return {
    key,
    source,
    batchesComputed,
    ...inversionStatistics(inversion),
    ...(inversion.checkpoints && {
      checkpoints: inversion.checkpoints.map((c) => ({ iteration: c.iteration, meanLoss: mean(c.losses) })),
    }),
  };
}

/** Losses and cost of a stored inversion, as the report shows them. */
function inversionStatistics(inversion: CachedInversion) {
  return {
    meanLoss: mean(inversion.losses),
    meanSeedLoss: mean(inversion.seedLosses),
    zeroGradientSteps: inversion.zeroGradientSteps.reduce((a, b) => a + b, 0),
    msPerIteration: inversion.timings.msPerIteration,
    totalMs: inversion.timings.totalMs,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Runs the functions given to it one after another (TF.js work in one thread does not overlap anyway). */
function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task, task);
      tail = result.catch(() => {});
      return result;
    },
  };
}
