import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { loadMnist } from '../data/mnist.js';
import { samplePairs } from '../data/pairs.js';
import {
  CancelledError,
  CheckpointInvalidError,
  DataFormatError,
  DegenerateInputError,
  NonFiniteError,
  SameLabelPairError,
  ShapeMismatchError,
} from '../errors.js';
import { createThresholdModel, createTinyCnn, trainSmallCnn } from '../test-support/inversion-models.js';
import { INVERSION_DEFAULTS } from './inversion-options.js';
import type { InversionPartial } from './inversion-result.js';
import { invertImages } from './invert-images.js';

let model: tfl.LayersModel;
let seeds: { data: Float32Array; shape: [number, number, number, number] };
let targets: { data: Float32Array; shape: [number, number, number, number] };
let pairs: ReturnType<typeof samplePairs>;

beforeAll(async () => {
  await initBackend();
  const trained = trainSmallCnn(250);
  expect(trained.accuracy).toBeGreaterThan(0.8);
  model = trained.model;
  const mnist = loadMnist();
  const test = Int32Array.from({ length: 1000 }, (_, i) => 5000 + i); // not seen in training
  pairs = samplePairs(
    Array.from(test, (i) => mnist.labels[i]!),
    { count: 12, seed: 7 },
  );
  const gather = (idx: Int32Array) => {
    const data = new Float32Array(idx.length * 784);
    idx.forEach((k, j) => {
      data.set(mnist.images.subarray(test[k]! * 784, (test[k]! + 1) * 784), j * 784);
    });
    return { data, shape: [idx.length, 28, 28, 1] as [number, number, number, number] };
  };
  seeds = gather(pairs.seedIndices);
  targets = gather(pairs.targetIndices);
});

afterAll(() => model.dispose());

describe('invertImages on a trained CNN', () => {
  it('moves every seed towards its target representation', async () => {
    const result = await invertImages(model, seeds, targets, pairs.seedLabels, pairs.targetLabels, {
      iterations: 40,
      batchSize: 8,
    });
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(result.losses)).toBeLessThan(0.5 * mean(result.seedLosses));
    // Strictly: with use_best a pair that never improved would return its seed at exactly the seed's loss.
    result.losses.forEach((l, i) => {
      expect(l, `pair ${i}`).toBeLessThan(result.seedLosses[i]!);
    });
    expect(result.lossCurve).toHaveLength(41);
    expect(result.lossCurve[0]).toBeCloseTo(mean(result.seedLosses), 5);
    expect(result.batchLossCurves).toHaveLength(2);
    expect(result.images).toHaveLength(12 * 784);
    expect(result.parameters).toEqual({
      ...INVERSION_DEFAULTS,
      iterations: 40,
      batchSize: 8,
      layer: 'representation',
      step: 'l2-momentum',
    });
    // The per-iteration time is the batches' time over the iterations they ran (2 batches of 40).
    const batchMs = result.timings.batchMs.reduce((a, b) => a + b, 0);
    expect(result.timings.batchMs).toHaveLength(2);
    expect(result.timings.msPerIteration).toBeCloseTo(batchMs / 80, 9);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(batchMs);
  });

  it('keeps each image within eps (L2) of its seed and in [0, 1]', async () => {
    const eps = 0.5;
    const result = await invertImages(model, seeds, targets, undefined, undefined, {
      iterations: 15,
      eps,
      stepSize: 0.25,
    });
    for (let i = 0; i < 12; i++) {
      const x = result.images.subarray(i * 784, (i + 1) * 784);
      const s = seeds.data.subarray(i * 784, (i + 1) * 784);
      expect(Math.hypot(...Array.from(x, (v, j) => v - s[j]!))).toBeLessThanOrEqual(eps + 1e-4);
      expect(x.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it('refuses same-label pairs, quoting the label and the pair', async () => {
    const labels = Int32Array.from(pairs.targetLabels);
    labels[5] = pairs.seedLabels[5]!;
    const run = invertImages(model, seeds, targets, pairs.seedLabels, labels, { iterations: 1 });
    await expect(run).rejects.toBeInstanceOf(SameLabelPairError);
    await expect(run).rejects.toThrow(`seed and target share label ${labels[5]} at pair 5`);
  });

  it('stops within one iteration when aborted from onProgress, and leaks no tensor', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const before = tf.memory().numTensors;
    const run = invertImages(model, seeds, targets, undefined, undefined, {
      iterations: 100,
      signal: controller.signal,
      onProgress: ({ iteration }) => {
        seen.push(iteration);
        if (iteration === 3) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(seen).toEqual([1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('holds the number of tensors constant across iterations and frees them all', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await invertImages(model, seeds, targets, undefined, undefined, {
      iterations: 6,
      onProgress: () => counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes from the checkpoint of a finished batch with the same result', async () => {
    const options = { iterations: 5, batchSize: 5 };
    const checkpoints: InversionPartial[] = [];
    const full = await invertImages(model, seeds, targets, undefined, undefined, {
      ...options,
      onBatchDone: (_, partial) => {
        checkpoints.push(partial);
      },
    });
    expect(checkpoints.map((c) => c.batchesDone)).toEqual([1, 2, 3]);
    const resumed = await invertImages(model, seeds, targets, undefined, undefined, {
      ...options,
      startBatch: 1,
      previous: checkpoints[0],
    });
    expect(Array.from(resumed.images)).toEqual(Array.from(full.images));
    expect(Array.from(resumed.losses)).toEqual(Array.from(full.losses));
    const other = invertImages(model, seeds, targets, undefined, undefined, {
      ...options,
      iterations: 6,
      startBatch: 1,
      previous: checkpoints[0],
    });
    await expect(other).rejects.toBeInstanceOf(CheckpointInvalidError);
  });

  it('refuses images of the wrong size, outside [0, 1] or NaN', async () => {
    const small = {
      data: new Float32Array(2 * 27 * 27),
      shape: [2, 27, 27, 1] as [number, number, number, number],
    };
    await expect(invertImages(model, small, small)).rejects.toBeInstanceOf(ShapeMismatchError);
    const bad = { data: seeds.data.slice(), shape: seeds.shape };
    bad.data[100] = 1.5;
    await expect(invertImages(model, bad, targets)).rejects.toBeInstanceOf(DataFormatError);
    bad.data[100] = Number.NaN;
    await expect(invertImages(model, bad, targets)).rejects.toBeInstanceOf(NonFiniteError);
  });
});

describe('invertImages on hand-built models', () => {
  it('gives a sample with a zero gradient no step and no NaN, and counts the steps it skipped', async () => {
    const threshold = createThresholdModel();
    const shape: [number, number, number, number] = [2, 2, 2, 1];
    // Seed 0 sums to 0.4 < 2: representation all zero, gradient exactly zero. Seed 1 sums to 2.8: active.
    const s = { data: Float32Array.from([0.1, 0.1, 0.1, 0.1, 0.7, 0.7, 0.7, 0.7]), shape };
    const t = { data: Float32Array.from([1, 1, 1, 0.6, 0.9, 0.9, 0.9, 0.9]), shape };
    const result = await invertImages(threshold, s, t, undefined, undefined, { iterations: 5 });
    expect(Array.from(result.images.subarray(0, 4))).toEqual(Array.from(s.data.subarray(0, 4)));
    expect(result.losses[0]).toBe(1);
    expect(Array.from(result.zeroGradientSteps)).toEqual([5, 0]);
    expect(result.images.every(Number.isFinite)).toBe(true);
    expect(result.losses[1]).toBeLessThan(result.seedLosses[1]!);
    threshold.dispose();
  });

  it('refuses a target whose representation is all zero', async () => {
    const threshold = createThresholdModel();
    const s = {
      data: new Float32Array(4).fill(0.9),
      shape: [1, 2, 2, 1] as [number, number, number, number],
    };
    const t = {
      data: new Float32Array(4).fill(0.1),
      shape: [1, 2, 2, 1] as [number, number, number, number],
    };
    await expect(invertImages(threshold, s, t)).rejects.toBeInstanceOf(DegenerateInputError);
    threshold.dispose();
  });

  it('matches a direct implementation of SPEC §4 written without the attack loop', async () => {
    const tiny = createTinyCnn(3);
    const n = 3;
    const s = tf.randomUniform([n, 8, 8, 1], 0, 1, 'float32', 11) as tf.Tensor4D;
    const t = tf.randomUniform([n, 8, 8, 1], 0, 1, 'float32', 12) as tf.Tensor4D;
    const settings = { iterations: 6, stepSize: 0.3, momentum: 0.8, eps: 1.2 };
    const result = await invertImages(tiny, s, t, undefined, undefined, settings);
    const expected = directInversion(tiny, s, t, settings);
    const images = Array.from(result.images);
    Array.from(expected.images).forEach((v, i) => {
      expect(Math.abs(v - images[i]!)).toBeLessThan(1e-5);
    });
    Array.from(expected.losses).forEach((v, i) => {
      expect(result.losses[i]).toBeCloseTo(v, 5);
    });
    Array.from(expected.seedLosses).forEach((v, i) => {
      expect(result.seedLosses[i]).toBeCloseTo(v, 5);
    });
    tf.dispose([s, t]);
    tiny.dispose();
  });
});

/**
 * SPEC §4 line by line, for one batch: r_t = rep(t); x = s; m = 0; best = s; bestLoss = loss(s); repeat:
 * l = loss(x); where l < bestLoss: best = x; g = d(mean l)/dx; g /= ||g||; m = mu m + (1 - mu) g;
 * x -= stepSize m; project to the eps ball around s and [0, 1]; finally score x once more.
 */
function directInversion(
  model: tfl.LayersModel,
  s: tf.Tensor4D,
  t: tf.Tensor4D,
  p: { iterations: number; stepSize: number; momentum: number; eps: number },
) {
  return tf.tidy(() => {
    const rep = (x: tf.Tensor) =>
      (model.getLayer('logits').input as tfl.SymbolicTensor) && representation(model, x);
    const rT = rep(t);
    const rTNorm = tf.norm(rT, 'euclidean', 1);
    const loss = (x: tf.Tensor) => tf.div(tf.norm(tf.sub(rep(x), rT), 'euclidean', 1), rTNorm);
    let x: tf.Tensor = s;
    let m: tf.Tensor = tf.zerosLike(s);
    let best: tf.Tensor = s;
    let bestLoss = loss(s);
    const seedLosses = bestLoss.dataSync();
    const n = s.shape[0];
    const perSample = (v: tf.Tensor) => tf.reshape(v, [n, 1, 1, 1]);
    for (let k = 0; k < p.iterations; k++) {
      const l = loss(x);
      const better = perSample(tf.cast(tf.less(l, bestLoss), 'bool'));
      best = tf.where(tf.broadcastTo(better, s.shape), x, best);
      bestLoss = tf.minimum(l, bestLoss);
      let g = tf.grad((v: tf.Tensor) => tf.mean(loss(v)))(x);
      g = tf.div(g, perSample(tf.norm(tf.reshape(g, [n, -1]), 'euclidean', 1)));
      m = tf.add(tf.mul(m, p.momentum), tf.mul(g, 1 - p.momentum));
      x = tf.sub(x, tf.mul(m, p.stepSize));
      const d = tf.reshape(tf.sub(x, s), [n, -1]);
      const dNorm = tf.norm(d, 'euclidean', 1);
      const scale = tf.where(tf.greater(dNorm, p.eps), tf.div(p.eps, dNorm), tf.onesLike(dNorm));
      x = tf.clipByValue(tf.add(s, tf.reshape(tf.mul(d, tf.reshape(scale, [n, 1])), s.shape)), 0, 1);
    }
    const l = loss(x);
    best = tf.where(tf.broadcastTo(perSample(tf.less(l, bestLoss)), s.shape), x, best);
    bestLoss = tf.minimum(l, bestLoss);
    return { images: best.dataSync(), losses: bestLoss.dataSync(), seedLosses };
  });
}

/** The output of the layer feeding `logits`, read through the Keras graph directly. */
function representation(model: tfl.LayersModel, x: tf.Tensor): tf.Tensor {
  let h = x;
  for (const layer of model.layers) {
    if (layer.name === 'logits') break;
    h = layer.apply(h, { training: false }) as tf.Tensor;
  }
  return h;
}
