import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { imagesTensor, labelsTensor } from '../data/dataset.js';
import { CancelledError, InvalidArgumentError } from '../errors.js';
import { correctCount } from './loss.js';
import { pgdAttack, resolvePgdParams } from './pgd.js';
import { mnistSplit, trainedMlp } from './test-fixtures.js';

let model: tfl.LayersModel;
let x: tf.Tensor4D;
let y: tf.Tensor1D;

beforeAll(async () => {
  await initBackend();
  const { train, test } = mnistSplit(2000, 100);
  model = await trainedMlp(train);
  const indices = Int32Array.from({ length: 100 }, (_, i) => i);
  x = imagesTensor(test, indices);
  y = labelsTensor(test, indices);
});

afterAll(() => {
  tf.dispose([x, y]);
  model.dispose();
});

function accuracy(images: tf.Tensor4D): number {
  return tf.tidy(
    () => correctCount(model.apply(images, { training: false }) as tf.Tensor, y).arraySync() / 100,
  );
}

/** Per-sample max |adv - x| (Linf) or ||adv - x||_2 (L2). */
function distances(adv: tf.Tensor4D, norm: 'l2' | 'linf'): number[] {
  return tf.tidy(() => {
    const d = tf.reshape(tf.sub(adv, x), [100, -1]);
    return (norm === 'linf' ? tf.max(tf.abs(d), 1) : tf.norm(d, 2, 1)).arraySync() as number[];
  });
}

describe('pgdAttack', () => {
  it('returns the images unchanged at eps 0, so accuracy equals clean accuracy exactly', async () => {
    for (const norm of ['l2', 'linf'] as const) {
      const adv = await pgdAttack(model, x, y, { norm, eps: 0, steps: 5 });
      expect(Array.from(adv.dataSync())).toEqual(Array.from(x.dataSync()));
      expect(accuracy(adv)).toBe(accuracy(x));
      adv.dispose();
    }
  });

  it('lowers the accuracy of a trained model at eps > 0', async () => {
    const clean = accuracy(x);
    expect(clean).toBeGreaterThan(0.8);
    const linf = await pgdAttack(model, x, y, { norm: 'linf', eps: 0.1, steps: 10 });
    const l2 = await pgdAttack(model, x, y, { norm: 'l2', eps: 1.5, steps: 10 });
    expect(accuracy(linf)).toBeLessThan(clean - 0.4);
    expect(accuracy(l2)).toBeLessThan(clean - 0.4);
    tf.dispose([linf, l2]);
  });

  it('keeps Linf examples in the eps ball and in [0, 1], with and without random start', async () => {
    for (const randomStart of [false, true]) {
      const adv = await pgdAttack(model, x, y, { norm: 'linf', eps: 0.15, steps: 5, randomStart, seed: 3 });
      expect(Math.max(...distances(adv, 'linf'))).toBeLessThanOrEqual(0.15 + 1e-6);
      expect(tf.min(adv).arraySync()).toBeGreaterThanOrEqual(0);
      expect(tf.max(adv).arraySync()).toBeLessThanOrEqual(1);
      adv.dispose();
    }
  });

  it('keeps L2 examples in the eps ball and in [0, 1]', async () => {
    const adv = await pgdAttack(model, x, y, {
      norm: 'l2',
      eps: 2,
      steps: 5,
      randomStart: true,
      restarts: 2,
    });
    expect(Math.max(...distances(adv, 'l2'))).toBeLessThanOrEqual(2 * (1 + 1e-5));
    expect(tf.min(adv).arraySync()).toBeGreaterThanOrEqual(0);
    expect(tf.max(adv).arraySync()).toBeLessThanOrEqual(1);
    adv.dispose();
  });

  it('does no worse with more restarts (a restart replaces only examples it misclassifies)', async () => {
    const options = { norm: 'linf', eps: 0.05, steps: 3, randomStart: true, seed: 9 } as const;
    const one = await pgdAttack(model, x, y, { ...options, restarts: 1 });
    const three = await pgdAttack(model, x, y, { ...options, restarts: 3 });
    expect(accuracy(three)).toBeLessThanOrEqual(accuracy(one));
    tf.dispose([one, three]);
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const adv = await pgdAttack(model, x, y, {
      norm: 'l2',
      eps: 1,
      steps: 3,
      randomStart: true,
      restarts: 2,
    });
    adv.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops with CancelledError when the signal fires, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    controller.abort();
    await expect(
      pgdAttack(model, x, y, { norm: 'linf', eps: 0.1, steps: 3, signal: controller.signal }),
    ).rejects.toThrow(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('resolvePgdParams', () => {
  it('defaults the step size to 2.5 * eps / steps and one restart without random start', () => {
    expect(resolvePgdParams({ norm: 'l2', eps: 0.5, steps: 10 })).toEqual({
      norm: 'l2',
      eps: 0.5,
      steps: 10,
      stepSize: 0.125,
      restarts: 1,
      randomStart: false,
    });
  });

  it('refuses bad values with messages that quote them', () => {
    expect(() => resolvePgdParams({ norm: 'l1' as 'l2', eps: 1, steps: 1 })).toThrow(/"l1"/);
    expect(() => resolvePgdParams({ norm: 'l2', eps: -1, steps: 1 })).toThrow(InvalidArgumentError);
    expect(() => resolvePgdParams({ norm: 'l2', eps: 1, steps: 0 })).toThrow(/steps 0/);
    expect(() => resolvePgdParams({ norm: 'l2', eps: 1, steps: 2, restarts: 3 })).toThrow(/randomStart/);
  });
});
