/**
 * Accuracy under PGD at several eps (SPEC §6), with the clean accuracy measured on the same images, batches and
 * forward pass, so that eps 0 reproduces it exactly. Inference mode throughout.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Dataset, imagesTensor, labelsTensor } from '../data/dataset.js';
import { InvalidArgumentError, throwIfAborted } from '../errors.js';
import { logitsOf, type ModelLike } from '../models/classifier.js';
import { correctCount } from './loss.js';
import { type AttackNorm, type PgdParams, pgdAttack, resolvePgdParams } from './pgd.js';

export interface RobustAccuracyOptions {
  norm: AttackNorm;
  /** Radii to attack at, each >= 0. */
  epsList: readonly number[];
  /** PGD steps. Default 20. */
  steps?: number;
  /** One step size for every eps; default 2.5 * eps / steps for each eps. */
  stepSize?: number;
  /** Default 1. */
  restarts?: number;
  /** Default false (true is needed for restarts > 1). */
  randomStart?: boolean;
  /** Evaluate only the first `limit` images (deterministic). Default all. */
  limit?: number;
  /** Default 100. */
  batchSize?: number;
  /** Seed of the random starts. Default 0. */
  seed?: number;
  signal?: AbortSignal;
}

export interface RobustAccuracyResult {
  /** Images evaluated. */
  count: number;
  cleanAccuracy: number;
  /** One entry per eps, in the order given, with the attack's parameters. */
  points: { eps: number; accuracy: number; attack: PgdParams }[];
  seconds: number;
}

/**
 * @throws InvalidArgumentError for an empty eps list, a bad limit or batch size, or bad attack options;
 *   CancelledError when `signal` fires.
 */
export async function robustAccuracy(
  model: ModelLike,
  dataset: Dataset,
  options: RobustAccuracyOptions,
): Promise<RobustAccuracyResult> {
  const started = performance.now();
  const { limit = dataset.count, batchSize = 100, seed = 0 } = options;
  if (options.epsList.length === 0)
    throw new InvalidArgumentError('epsList is empty; pass e.g. [0, 0.1, 0.2]');
  if (!Number.isInteger(limit) || limit < 1 || limit > dataset.count) {
    throw new InvalidArgumentError(
      `limit ${limit} must be an integer in [1, ${dataset.count}] (the dataset size)`,
    );
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError(`batchSize ${batchSize} must be an integer >= 1`);
  }
  const attacks = options.epsList.map((eps) =>
    resolvePgdParams({ ...options, eps, steps: options.steps ?? 20 }),
  );
  let clean = 0;
  const robust = attacks.map(() => 0);
  for (let start = 0; start < limit; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, limit - start) }, (_, i) => start + i);
    const x = imagesTensor(dataset, indices);
    const y = labelsTensor(dataset, indices);
    try {
      clean += countCorrect(model, x, y);
      for (const [k, attack] of attacks.entries()) {
        throwIfAborted(options.signal, 'robust accuracy');
        const adv = await pgdAttack(model, x, y, { ...attack, seed: seed + start, signal: options.signal });
        robust[k]! += countCorrect(model, adv, y);
        adv.dispose();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      tf.dispose([x, y]);
    }
  }
  return {
    count: limit,
    cleanAccuracy: clean / limit,
    points: attacks.map((attack, k) => ({ eps: attack.eps, accuracy: robust[k]! / limit, attack })),
    seconds: (performance.now() - started) / 1000,
  };
}

function countCorrect(model: ModelLike, x: tf.Tensor4D, y: tf.Tensor1D): number {
  const hits = tf.tidy(() => correctCount(logitsOf(model, x), y));
  const n = hits.dataSync()[0]!;
  hits.dispose();
  return n;
}
