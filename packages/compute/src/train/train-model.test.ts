import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { type Dataset, imagesTensor, labelsTensor } from '../data/dataset.js';
import { CancelledError, InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { buildMlp } from '../models/mlp.js';
import { buildResnet } from '../models/resnet.js';
import { pgdAttack } from './pgd.js';
import { mnistSplit } from './test-fixtures.js';
import { type TrainProgress, trainModel } from './train-model.js';

let train: Dataset;

beforeAll(async () => {
  await initBackend();
  ({ train } = mnistSplit(256, 1));
});

const mlp = (seed = 1) => buildMlp({ inputShape: [28, 28, 1], classes: 10, seed });
const weightsOf = (model: tfl.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('trainModel', () => {
  it('is reproducible: the same seed gives the same weights, another seed other weights', async () => {
    const [a, b, c] = [mlp(), mlp(), mlp()];
    await trainModel(a, train, { epochs: 1, batchSize: 32, seed: 5 });
    await trainModel(b, train, { epochs: 1, batchSize: 32, seed: 5 });
    await trainModel(c, train, { epochs: 1, batchSize: 32, seed: 6 });
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)).not.toEqual(weightsOf(c));
    for (const m of [a, b, c]) m.dispose();
  });

  it('reports progress per step, calls the checkpoint hook every k steps and returns resolved parameters', async () => {
    const model = mlp();
    const progress: TrainProgress[] = [];
    const checkpoints: number[] = [];
    const result = await trainModel(model, train, {
      epochs: 2,
      batchSize: 100, // 256 images: steps of 100, 100 and 56
      onProgress: (p) => progress.push(p),
      checkpointEvery: 2,
      onCheckpoint: ({ globalStep }) => {
        checkpoints.push(globalStep);
      },
    });
    expect(progress.map((p) => `${p.epoch}.${p.step}/${p.steps}`)).toEqual([
      '1.1/3',
      '1.2/3',
      '1.3/3',
      '2.1/3',
      '2.2/3',
      '2.3/3',
    ]);
    expect(checkpoints).toEqual([2, 4, 6]);
    for (const p of progress) {
      expect(p.loss).toBeGreaterThan(0);
      expect(p.accuracy).toBeGreaterThanOrEqual(0);
      expect(p.accuracy).toBeLessThanOrEqual(1);
    }
    expect(result.history).toHaveLength(2);
    expect(result.history[1]!.loss).toBeLessThan(result.history[0]!.loss);
    expect(result.params).toEqual({
      epochs: 2,
      batchSize: 100,
      learningRate: 1e-3,
      seed: 0,
      norm: 'linf',
      eps: 0,
      attack: { steps: 7, stepSize: 0, randomStart: false },
      warmupEpochs: 0,
    });
    model.dispose();
  });

  it('stops between steps with CancelledError when the signal fires', async () => {
    const model = mlp();
    const controller = new AbortController();
    let steps = 0;
    const run = trainModel(model, train, {
      epochs: 3,
      batchSize: 32,
      signal: controller.signal,
      onProgress: () => {
        if (++steps === 3) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(CancelledError);
    expect(steps).toBe(3);
    model.dispose();
  });

  it('stops adversarial training when aborted from a timer', async () => {
    const model = mlp();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const run = trainModel(model, train, {
      epochs: 50,
      signal: controller.signal,
      adversarial: { norm: 'l2', eps: 1, steps: 5 },
    });
    await expect(run).rejects.toThrow(CancelledError);
    model.dispose();
  });

  it('leaks no tensors per step, standard or adversarial, nor after returning', async () => {
    for (const adversarial of [undefined, { norm: 'linf', eps: 0.1, steps: 2, randomStart: true } as const]) {
      const model = buildResnet({ inputShape: [28, 28, 1], classes: 10, seed: 1 });
      const before = tf.memory().numTensors;
      const counts: number[] = [];
      await trainModel(model, train, {
        epochs: 1,
        batchSize: 64,
        adversarial,
        onProgress: () => counts.push(tf.memory().numTensors),
      });
      // After the first step only Adam's moment variables (2 per trainable weight) and its step count exist.
      expect(new Set(counts.slice(1)).size).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    }
  });

  it('updates batch-norm statistics in training steps but not while attacking', async () => {
    const model = buildResnet({ inputShape: [28, 28, 1], classes: 10, seed: 1 });
    const movingMean = () => Array.from(model.getLayer('stem_bn').getWeights()[2]!.dataSync());
    const initial = movingMean();
    const x = imagesTensor(train, [0, 1, 2, 3]);
    const y = labelsTensor(train, [0, 1, 2, 3]);
    (await pgdAttack(model, x, y, { norm: 'linf', eps: 0.1, steps: 3 })).dispose();
    expect(movingMean()).toEqual(initial);
    await trainModel(model, train, { epochs: 1, batchSize: 128 });
    expect(movingMean()).not.toEqual(initial);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('stops with NonFiniteError when the loss diverges', async () => {
    const model = mlp();
    // Adam's first step moves every weight by ~lr: 1e20 overflows float32 logits to Infinity.
    await expect(trainModel(model, train, { epochs: 1, learningRate: 1e20 })).rejects.toThrow(
      /training loss is NaN at epoch 1, step 2/,
    );
    model.dispose();
  });

  it('refuses a dataset of another image shape and bad options', async () => {
    const model = buildMlp({ inputShape: [14, 14, 1], classes: 10, seed: 1 });
    await expect(trainModel(model, train, { epochs: 1 })).rejects.toThrow(ShapeMismatchError);
    await expect(trainModel(model, train, { epochs: 1 })).rejects.toThrow(/\[14,14,1\].*\[28,28,1\]/);
    const ok = mlp();
    await expect(trainModel(ok, train, { epochs: 0 })).rejects.toThrow(/epochs 0/);
    await expect(trainModel(ok, train, { epochs: 1, batchSize: 2.5 })).rejects.toThrow(InvalidArgumentError);
    await expect(
      trainModel(ok, train, { epochs: 1, adversarial: { norm: 'linf', eps: -1 } }),
    ).rejects.toThrow(/eps -1/);
    await expect(
      trainModel(ok, train, { epochs: 1, adversarial: { norm: 'l2', eps: 1, warmupEpochs: 2 } }),
    ).rejects.toThrow(/warmupEpochs 2 must be in \[0, epochs = 1\]/);
    model.dispose();
    ok.dispose();
  });
});
