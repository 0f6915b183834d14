import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng, type Rng } from '../random.js';
import type { Activations } from './activations.js';
import { debiasedCka } from './debiased-cka.js';
import { linearCka } from './linear-cka.js';

const rng = createRng(11);
const normal = (r: Rng, n: number, p: number): Activations => ({
  data: Float64Array.from({ length: n * p }, () => r.normal()),
  n,
  p,
});

beforeAll(async () => {
  await initBackend();
});

describe('debiasedCka', () => {
  it('removes the bias: unrelated n=100, p=1000 data give biased CKA near p/(n+p) and debiased near 0', async () => {
    const a = normal(rng, 100, 1000);
    const b = normal(rng, 100, 1000);
    const biased = await linearCka(a, b);
    const debiased = await debiasedCka(a, b);
    expect(biased.value).toBeGreaterThan(0.85); // p/(n+p) = 0.909
    expect(biased.value).toBeLessThan(0.95);
    expect(Math.abs(debiased.value)).toBeLessThan(0.03);
    expect(debiased).toMatchObject({ metric: 'debiased', n: 100, p: 1000, q: 1000, form: 'gram' });
  });

  it('gives 1 for identical inputs and agrees between the forms', async () => {
    const a = normal(rng, 40, 7);
    const b = { ...a, data: a.data.map((v, k) => v + 0.8 * Math.sin(k)) };
    expect((await debiasedCka(a, a)).value).toBeCloseTo(1, 6);
    const feature = await debiasedCka(a, b, { form: 'feature' });
    const gram = await debiasedCka(a, b, { form: 'gram' });
    expect(Math.abs(feature.value - gram.value)).toBeLessThan(1e-6);
  });

  it('is invariant to column shifts of either side (the estimator is translation invariant)', async () => {
    const a = normal(rng, 30, 5);
    const b = normal(rng, 30, 4);
    const shifted = { ...b, data: b.data.map((v, k) => v + 100 * (k % 4)) };
    expect((await debiasedCka(a, shifted)).value).toBeCloseTo((await debiasedCka(a, b)).value, 6);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await debiasedCka(normal(rng, 20, 3), normal(rng, 20, 30));
    expect(tf.memory().numTensors).toBe(before);
  });
});
