import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { loadMnist } from '../data/mnist.js';
import { CancelledError, SameLabelPairError } from '../errors.js';
import { loadClassifier } from '../models/load-model-dir.js';
import { serializeModel, WEIGHTS_FILE } from '../models/serialize.js';
import { createWorkerPool, type WorkerPool } from '../parallel/worker-pool.js';
import { createSmallCnn } from '../test-support/inversion-models.js';
import type { InversionProgress } from './inversion-options.js';
import type { InversionPartial, InversionResult } from './inversion-result.js';
import { invertImages } from './invert-images.js';
import { cut, invertImagesParallel } from './invert-parallel.js';

let model: tfl.LayersModel;
let pool: WorkerPool;
const images = (from: number, count: number) => ({
  data: loadMnist().images.slice(from * 784, (from + count) * 784),
  shape: [count, 28, 28, 1] as [number, number, number, number],
});
const seeds = images(0, 10);
const targets = images(100, 10);

beforeAll(async () => {
  await initBackend();
  model = createSmallCnn(3); // untrained: the inversion's arithmetic is what is compared
  pool = createWorkerPool({ size: 2 });
});
afterAll(async () => {
  await pool.close();
  model.dispose();
});

function maxDifference(x: ArrayLike<number>, y: ArrayLike<number>): number {
  expect(x.length).toBe(y.length);
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!));
  return d;
}

function expectSameResult(parallel: InversionResult, single: InversionResult, tolerance: number): void {
  expect(parallel.parameters).toEqual(single.parameters);
  expect(parallel.batches).toBe(single.batches);
  expect(maxDifference(parallel.images, single.images)).toBeLessThanOrEqual(tolerance);
  expect(maxDifference(parallel.losses, single.losses)).toBeLessThanOrEqual(tolerance);
  expect(maxDifference(parallel.seedLosses, single.seedLosses)).toBeLessThanOrEqual(tolerance);
  expect(maxDifference(parallel.lossCurve, single.lossCurve)).toBeLessThanOrEqual(tolerance);
  expect(Array.from(parallel.zeroGradientSteps)).toEqual(Array.from(single.zeroGradientSteps));
}

describe('invertImagesParallel', () => {
  it('follows the single-threaded trajectories when each batch is split in halves', async () => {
    const options = { iterations: 12, batchSize: 4, stepSize: 0.5 };
    const progress: InversionProgress[][] = [[], []];
    const single = await invertImages(model, seeds, targets, undefined, undefined, {
      ...options,
      onProgress: (p) => progress[0]!.push(p),
    });
    const before = tf.memory().numTensors;
    const parallel = await invertImagesParallel(model, seeds, targets, undefined, undefined, {
      ...options,
      pool,
      onProgress: (p) => progress[1]!.push(p),
    });
    expectSameResult(parallel, single, 0); // equal slices: the same arithmetic per sample

    expect(single.losses.some((l, i) => l < single.seedLosses[i]! - 0.01)).toBe(true); // it did move
    expect(progress[1]!.map(({ batch, iteration }) => [batch, iteration])).toEqual(
      progress[0]!.map(({ batch, iteration }) => [batch, iteration]),
    );
    expect(
      maxDifference(
        progress[1]!.map((p) => p.meanLoss),
        progress[0]!.map((p) => p.meanLoss),
      ),
    ).toBeLessThanOrEqual(1e-6);
    expect(tf.memory().numTensors).toBe(before);
    expect(await pool.runOnEach('tensors', null)).toEqual([0, 0]); // the workers released the model
  });

  it('stays within float32 rounding of one thread for slices of unequal size', async () => {
    const options = { iterations: 8, batchSize: 5 }; // slices of 3 and 2: other XNNPACK tile kernels
    const single = await invertImages(model, seeds, targets, undefined, undefined, options);
    const parallel = await invertImagesParallel(model, seeds, targets, undefined, undefined, {
      ...options,
      pool,
    });
    expectSameResult(parallel, single, 1e-4);
  });

  it('checkpoints every batch and resumes from one as invertImages does', async () => {
    const options = { iterations: 4, batchSize: 4, pool };
    const checkpoints: InversionPartial[] = [];
    const full = await invertImagesParallel(model, seeds, targets, undefined, undefined, {
      ...options,
      onBatchDone: (_, partial) => {
        checkpoints.push(partial);
      },
    });
    expect(checkpoints.map((c) => c.batchesDone)).toEqual([1, 2, 3]);
    const resumed = await invertImagesParallel(model, seeds, targets, undefined, undefined, {
      ...options,
      startBatch: 2,
      previous: checkpoints[1],
    });
    expectSameResult(resumed, full, 0);
  });

  it('keeps the same convergence checkpoints as one thread', async () => {
    const options = { iterations: 6, batchSize: 4, checkpoints: [0, 3, 6] };
    const single = await invertImages(model, seeds, targets, undefined, undefined, options);
    const parallel = await invertImagesParallel(model, seeds, targets, undefined, undefined, {
      ...options,
      pool,
    });
    expect(parallel.checkpoints?.map((c) => c.iteration)).toEqual([0, 3, 6]);
    parallel.checkpoints!.forEach((c, k) => {
      expect(maxDifference(c.images, single.checkpoints![k]!.images)).toBe(0);
      expect(maxDifference(c.losses, single.checkpoints![k]!.losses)).toBe(0);
    });
  });

  it('has workers load a ClassifierModel from its directory (and runs one without it here)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simlab-invert-parallel-'));
    try {
      const { modelJson, weights } = await serializeModel(model);
      await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
      await writeFile(join(dir, WEIGHTS_FILE), weights);
      const { model: classifier } = await loadClassifier(dir);
      const options = { iterations: 5, batchSize: 4, pool };
      const single = await invertImages(classifier, seeds, targets, undefined, undefined, options);
      const parallel = await invertImagesParallel(classifier, seeds, targets, undefined, undefined, {
        ...options,
        modelDir: dir,
      });
      expectSameResult(parallel, single, 0);
      const here = await invertImagesParallel(classifier, seeds, targets, undefined, undefined, options);
      expectSameResult(here, single, 0);
      classifier.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses same-label pairs before any worker starts, quoting the pair', async () => {
    const labels = Int32Array.from({ length: 10 }, (_, i) => i % 10);
    const run = invertImagesParallel(model, seeds, targets, labels, labels, { iterations: 1, pool });
    await expect(run).rejects.toBeInstanceOf(SameLabelPairError);
    await expect(run).rejects.toThrow('at pair 0');
  });

  it('stops with CancelledError when aborted, and its pool stays usable', async () => {
    const controller = new AbortController();
    const run = invertImagesParallel(model, seeds, targets, undefined, undefined, {
      iterations: 200,
      pool,
      signal: controller.signal,
      onProgress: ({ iteration }) => {
        if (iteration === 2) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    const after = await invertImagesParallel(model, seeds, targets, undefined, undefined, {
      iterations: 1,
      pool,
    });
    expect(after.losses).toHaveLength(10);
    expect(await pool.runOnEach('tensors', null)).toEqual([0, 0]);
  });
});

describe('cut', () => {
  it('splits a range into consecutive parts whose sizes differ by at most one', () => {
    expect(cut(10, 15, 2)).toEqual([
      [10, 12],
      [12, 15],
    ]);
    expect(cut(0, 2, 4)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});
