/**
 * Inversion of one model on every core: each batch is cut into one slice per worker thread and the slices
 * run at once, each through the same `invertBatch` as `invertImages`. SPEC §4's loss and step are per sample
 * (loss_i, g_i / ||g_i||), and the batch mean only scales every g_i by 1/b before that normalisation; a slice
 * scales by the same 1/b (the whole batch's b), so each sample follows the same trajectory as in the batch on
 * one thread: bit for bit when the slices are equal (measured: batches of 4, 6 and 12 in halves), within
 * float32 rounding otherwise (XNNPACK computes the leftover rows of a tile with other kernels).
 *
 * Batches still run in order, one after the other, so checkpoints (`onBatchDone`), resumption and the result
 * are those of `invertImages`.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type * as tfl from '@tensorflow/tfjs-layers';
import { isClassifierModel, type ModelLike } from '../models/classifier.js';
import { serializeModel } from '../models/serialize.js';
import type { OnnxModelOptions } from '../onnx/onnx-model.js';
import { createWorkerPool, type WorkerPool } from '../parallel/worker-pool.js';
import type { CheckedImages, ImageInput } from './image-input.js';
import type { InversionProgress } from './inversion-options.js';
import type { InversionResult } from './inversion-result.js';
import type { InversionSliceEvent, InversionSliceTask, ModelSource } from './inversion-slice.js';
import {
  type BatchOutcome,
  type BatchRunner,
  type InversionOptions,
  invertImages,
  runInversion,
} from './invert-images.js';

export interface ParallelInversionOptions extends InversionOptions {
  /** Workers to run the slices on; reused, not closed. Default: a pool of `workers` made for this call. */
  pool?: WorkerPool;
  /** Size of the pool made for this call when none is given. Default `os.availableParallelism()`. */
  workers?: number;
  /**
   * The path `model` was loaded from (loadModelDir / loadClassifier: a TF.js directory or an ONNX file):
   * workers load it from there. Without it a TF.js model is serialised here and sent to them, which needs every
   * layer class registered in the workers too; an imported (ONNX) model without it runs on this thread.
   */
  modelDir?: string;
  /** The options `model` was loaded with (an ONNX model's input layout), for the workers' loadClassifier. */
  modelOptions?: OnnxModelOptions;
}

/**
 * `invertImages` with every batch split across worker threads; same arguments, same result (within float32
 * rounding), same errors. With one worker (or a batch of one) it is `invertImages` on this thread.
 */
export async function invertImagesParallel(
  model: ModelLike,
  seeds: ImageInput,
  targets: ImageInput,
  seedLabels?: ArrayLike<number>,
  targetLabels?: ArrayLike<number>,
  options: ParallelInversionOptions = {},
): Promise<InversionResult> {
  const { pool: given, workers, modelDir, modelOptions, ...rest } = options;
  const size = given?.size ?? workers ?? availableParallelism();
  if (
    size <= 1 ||
    (rest.batchSize ?? Number.POSITIVE_INFINITY) <= 1 ||
    (isClassifierModel(model) && !modelDir)
  ) {
    return invertImages(model, seeds, targets, seedLabels, targetLabels, rest);
  }
  const pool = given ?? createWorkerPool({ size });
  const session = randomUUID();
  try {
    const source: ModelSource = modelDir
      ? { dir: modelDir, ...(modelOptions && { options: modelOptions }) }
      : await serializeModel(model as tfl.LayersModel).then(({ modelJson, weights }) => ({
          modelJson,
          weights: shared(weights),
        }));
    return await runInversion(
      { model, seeds, targets, seedLabels, targetLabels },
      rest,
      (rep, s, t, settings) => {
        const task = {
          session,
          model: source,
          layer: rep.layerName,
          settings,
          seeds: sharedImages(s),
          targets: sharedImages(t),
          checkpoints: rest.checkpoints,
        };
        return sliceRunner(pool, task);
      },
    );
  } finally {
    if (given) await pool.runOnEach('invert-release', { session }).catch(() => undefined);
    else await pool.close();
  }
}

type SessionTask = Omit<InversionSliceTask, 'range' | 'batch' | 'batches' | 'batchSize'>;

/** Runs a batch as up to `pool.size` slices of near-equal size and puts their results back together. */
function sliceRunner(pool: WorkerPool, task: SessionTask): BatchRunner {
  return async ([i0, i1], context) => {
    const slices = cut(i0, i1, pool.size);
    const progress = progressMerger(slices, context);
    const outcomes = await Promise.all(
      slices.map((range, s) =>
        pool.run(
          'invert-slice',
          { ...task, range, batch: context.batch, batches: context.batches, batchSize: i1 - i0 },
          { signal: context.signal, onEvent: (event) => progress(s, event) },
        ),
      ),
    );
    return joinSlices(outcomes, slices);
  };
}

/** [i0, i1) in `parts` consecutive ranges whose sizes differ by at most one (fewer when it is shorter). */
export function cut(i0: number, i1: number, parts: number): [number, number][] {
  const n = i1 - i0;
  const k = Math.min(parts, n);
  return Array.from({ length: k }, (_, s) => [
    i0 + Math.floor((s * n) / k),
    i0 + Math.floor(((s + 1) * n) / k),
  ]);
}

/**
 * The batch's outcome from its slices' (in order): arrays concatenated, the loss curve weighted by size,
 * checkpoints joined iteration by iteration.
 */
function joinSlices(outcomes: BatchOutcome[], slices: [number, number][]): BatchOutcome {
  const n = slices.reduce((sum, [a, b]) => sum + b - a, 0);
  const concat = <T extends Float32Array | Uint32Array>(parts: T[], make: (length: number) => T): T => {
    const out = make(parts.reduce((sum, p) => sum + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const curve = new Float64Array(outcomes[0]!.batchLossCurves[0]!.length);
  outcomes.forEach((o, s) => {
    const weight = (slices[s]![1] - slices[s]![0]) / n;
    o.batchLossCurves[0]!.forEach((v, t) => {
      curve[t]! += v * weight;
    });
  });
  return {
    images: concat(
      outcomes.map((o) => o.images),
      (l) => new Float32Array(l),
    ),
    losses: concat(
      outcomes.map((o) => o.losses),
      (l) => new Float32Array(l),
    ),
    seedLosses: concat(
      outcomes.map((o) => o.seedLosses),
      (l) => new Float32Array(l),
    ),
    zeroGradientSteps: concat(
      outcomes.map((o) => o.zeroGradientSteps),
      (l) => new Uint32Array(l),
    ),
    batchLossCurves: [curve],
    ...(outcomes[0]!.checkpoints && {
      checkpoints: outcomes[0]!.checkpoints.map(({ iteration }, k) => {
        const at = outcomes.map((o) => o.checkpoints![k]!);
        return {
          iteration,
          images: concat(
            at.map((c) => c.images),
            (l) => new Float32Array(l),
          ),
          losses: concat(
            at.map((c) => c.losses),
            (l) => new Float32Array(l),
          ),
        };
      }),
    }),
  };
}

/**
 * Calls onProgress once per iteration, when every slice has reported it, with the batch's figures (mean
 * weighted by slice size, min and max over all, zero-gradient samples summed).
 */
function progressMerger(
  slices: [number, number][],
  context: { batch: number; batches: number; onProgress?: (p: InversionProgress) => void },
): (slice: number, event: InversionSliceEvent) => void {
  const n = slices.reduce((sum, [a, b]) => sum + b - a, 0);
  const pending = new Map<number, { reported: number; progress: InversionProgress }>();
  return (s, event) => {
    if (!context.onProgress) return;
    const size = slices[s]![1] - slices[s]![0];
    let entry = pending.get(event.iteration);
    if (!entry) {
      entry = {
        reported: 0,
        progress: {
          ...event,
          batch: context.batch,
          batches: context.batches,
          meanLoss: 0,
          minLoss: Number.POSITIVE_INFINITY,
          maxLoss: Number.NEGATIVE_INFINITY,
          zeroGradient: 0,
        },
      };
      pending.set(event.iteration, entry);
    }
    const p = entry.progress;
    p.meanLoss += (event.meanLoss * size) / n;
    p.minLoss = Math.min(p.minLoss, event.minLoss);
    p.maxLoss = Math.max(p.maxLoss, event.maxLoss);
    p.zeroGradient += event.zeroGradient;
    if (++entry.reported === slices.length) {
      pending.delete(event.iteration);
      context.onProgress(p);
    }
  };
}

function shared(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  out.set(bytes);
  return out;
}

function sharedImages({ data, shape }: CheckedImages): CheckedImages {
  const out = new Float32Array(new SharedArrayBuffer(data.byteLength));
  out.set(data);
  return { data: out, shape };
}
