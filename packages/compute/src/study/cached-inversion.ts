/**
 * One model's inverted dataset through the on-disk cache: a finished entry is returned as stored, a partial one
 * resumes after its last finished batch, and every batch is stored as soon as it finishes, so an interrupted
 * study loses at most the batch in flight.
 *
 * The request says which inversion: the pairs' seeds towards their targets (SPEC §4), or, with `seedNoise`, noise
 * towards the targets with STIR's settings (invertForStir, SPEC §5); with `checkpoints`, the images at those
 * iterations are kept too (convergence).
 */
import type { InversionProgress } from '../invert/inversion-options.js';
import type { InversionPartial, InversionResult } from '../invert/inversion-result.js';
import { type InversionOptions, invertImages } from '../invert/invert-images.js';
import type { ModelLike } from '../models/classifier.js';
import { invertForStir } from '../stir/stir-inversion.js';
import {
  type CachedInversion,
  type InversionCache,
  type InversionRequest,
  inversionKey,
} from './inversion-cache.js';

export interface PairImages {
  /** Seeds and targets, NHWC [n, h, w, c]. */
  seeds: Float32Array;
  targets: Float32Array;
  shape: [number, number, number, number];
  seedLabels: Int32Array;
  targetLabels: Int32Array;
}

export interface CachedInversionOptions {
  /** Cache root; without one nothing is read or stored. */
  cache?: InversionCache;
  /** Provenance stored beside the result. */
  provenance: Record<string, unknown>;
  onProgress?: (progress: InversionProgress) => void;
  signal?: AbortSignal;
}

export interface InversionOutcome {
  inversion: CachedInversion;
  /** 'cache': returned as stored; 'resumed': some batches came from the cache; 'computed': all batches ran now. */
  source: 'cache' | 'resumed' | 'computed';
  /** Batches inverted in this call. */
  batchesComputed: number;
}

export async function cachedInversion(
  model: ModelLike,
  pairs: PairImages,
  request: InversionRequest,
  options: CachedInversionOptions,
): Promise<InversionOutcome> {
  const { cache } = options;
  const key = inversionKey(request);
  const stored = await cache?.load(key);
  if (stored) return { inversion: stored, source: 'cache', batchesComputed: 0 };
  const partial = await cache?.loadPartial(key);
  if (partial && partial.batchesDone >= partial.batches) {
    // Every batch finished but the run stopped before storing the result: assemble it from the batches.
    const inversion = await store(cache, key, request, fromPartial(partial), options.provenance);
    return { inversion, source: 'resumed', batchesComputed: 0 };
  }
  const startBatch = partial?.batchesDone ?? 0;
  const result = await invert(model, pairs, request, {
    layer: request.layer,
    onProgress: options.onProgress,
    signal: options.signal,
    ...(request.checkpoints?.length && { checkpoints: request.checkpoints }),
    ...(cache && { onBatchDone: (k: number, p: InversionPartial) => cache.saveBatch(key, request, k, p) }),
    ...(partial && { startBatch, previous: partial }),
  });
  const entry: Omit<CachedInversion, 'key' | 'provenance'> = {
    images: result.images,
    imageShape: result.imageShape,
    losses: Array.from(result.losses),
    seedLosses: Array.from(result.seedLosses),
    zeroGradientSteps: Array.from(result.zeroGradientSteps),
    lossCurve: Array.from(result.lossCurve),
    parameters: result.parameters,
    timings: result.timings,
    ...(result.checkpoints && {
      checkpoints: result.checkpoints.map((c) => ({ ...c, losses: Array.from(c.losses) })),
    }),
  };
  const inversion = await store(cache, key, request, entry, options.provenance);
  return {
    inversion,
    source: startBatch > 0 ? 'resumed' : 'computed',
    batchesComputed: result.batches - startBatch,
  };
}

type RunOptions = Pick<
  InversionOptions,
  'layer' | 'onProgress' | 'signal' | 'checkpoints' | 'onBatchDone' | 'startBatch' | 'previous'
>;

/** The request's inversion: from the pairs' seeds (SPEC §4), or from noise with STIR's settings (SPEC §5). */
function invert(
  model: ModelLike,
  pairs: PairImages,
  request: InversionRequest,
  options: RunOptions,
): Promise<InversionResult> {
  const targets = { data: pairs.targets, shape: pairs.shape };
  if (request.seedNoise) {
    // No labels: a noise seed has none.
    const settings = {
      inversion: request.settings,
      noise: request.seedNoise.distribution,
      noiseSeed: request.seedNoise.seed,
    };
    return invertForStir(model, targets, { settings, ...options });
  }
  return invertImages(
    model,
    { data: pairs.seeds, shape: pairs.shape },
    targets,
    pairs.seedLabels,
    pairs.targetLabels,
    { ...request.settings, ...options },
  );
}

async function store(
  cache: InversionCache | undefined,
  key: string,
  request: InversionRequest,
  entry: Omit<CachedInversion, 'key' | 'provenance'>,
  provenance: Record<string, unknown>,
): Promise<CachedInversion> {
  const withProvenance = { ...entry, provenance: { ...provenance, createdAt: new Date().toISOString() } };
  return cache ? cache.saveComplete(key, request, withProvenance) : { key, ...withProvenance };
}

/** A result from a checkpoint holding every batch (the mean loss curve weights batches by their size). */
function fromPartial(p: InversionPartial): Omit<CachedInversion, 'key' | 'provenance'> {
  const n = p.imageShape[0];
  const size = (k: number) => Math.min(p.parameters.batchSize, n - k * p.parameters.batchSize);
  const curve = new Array<number>(p.batchLossCurves[0]?.length ?? 0).fill(0);
  p.batchLossCurves.forEach((c, k) => {
    c.forEach((v, t) => {
      curve[t]! += (v * size(k)) / n;
    });
  });
  const totalMs = p.batchMs.reduce((a, b) => a + b, 0);
  return {
    images: p.images,
    imageShape: p.imageShape,
    losses: Array.from(p.losses),
    seedLosses: Array.from(p.seedLosses),
    zeroGradientSteps: Array.from(p.zeroGradientSteps),
    lossCurve: curve,
    parameters: p.parameters,
    timings: {
      totalMs,
      batchMs: p.batchMs,
      msPerIteration: totalMs / (p.batches * Math.max(1, p.parameters.iterations)),
    },
    ...(p.checkpoints && {
      checkpoints: p.checkpoints.map((c) => ({ ...c, losses: Array.from(c.losses) })),
    }),
  };
}
