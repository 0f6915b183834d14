import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import type { Dataset } from '../data/dataset.js';
import { CancelledError, InvalidArgumentError } from '../errors.js';
import { robustAccuracy } from './robust-accuracy.js';
import { mnistSplit, trainedMlp } from './test-fixtures.js';

let model: tfl.LayersModel;
let test: Dataset;

beforeAll(async () => {
  await initBackend();
  const split = mnistSplit(2000, 300);
  test = split.test;
  model = await trainedMlp(split.train);
});

afterAll(() => model.dispose());

describe('robustAccuracy', () => {
  it('equals clean accuracy exactly at eps 0 and falls as eps grows, recording the attacks', async () => {
    const result = await robustAccuracy(model, test, {
      norm: 'linf',
      epsList: [0, 0.05, 0.1],
      steps: 10,
      batchSize: 128,
    });
    expect(result.count).toBe(300);
    expect(result.cleanAccuracy).toBeGreaterThan(0.85);
    const [zero, small, large] = result.points;
    expect(zero!.accuracy).toBe(result.cleanAccuracy);
    expect(small!.accuracy).toBeLessThan(result.cleanAccuracy);
    expect(large!.accuracy).toBeLessThan(small!.accuracy);
    expect(large!.accuracy).toBeLessThan(0.5);
    expect(large!.attack).toEqual({
      norm: 'linf',
      eps: 0.1,
      steps: 10,
      stepSize: 0.025,
      restarts: 1,
      randomStart: false,
    });
  });

  it('evaluates only the first `limit` images with L2 and restarts, leaking no tensors', async () => {
    const before = tf.memory().numTensors;
    const result = await robustAccuracy(model, test, {
      norm: 'l2',
      epsList: [0, 1],
      steps: 5,
      restarts: 2,
      randomStart: true,
      limit: 50,
      batchSize: 32,
    });
    expect(result.count).toBe(50);
    expect(result.points[0]!.accuracy).toBe(result.cleanAccuracy);
    expect(result.points[1]!.attack).toMatchObject({ norm: 'l2', eps: 1, stepSize: 0.5, restarts: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses bad options and stops when cancelled', async () => {
    await expect(robustAccuracy(model, test, { norm: 'linf', epsList: [] })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(robustAccuracy(model, test, { norm: 'linf', epsList: [0.1], limit: 301 })).rejects.toThrow(
      /limit 301.*300/,
    );
    const controller = new AbortController();
    controller.abort();
    await expect(
      robustAccuracy(model, test, { norm: 'linf', epsList: [0.1], signal: controller.signal }),
    ).rejects.toThrow(CancelledError);
  });
});
