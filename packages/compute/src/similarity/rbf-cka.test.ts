import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { DegenerateInputError, InvalidArgumentError } from '../errors.js';
import { createRng, type Rng } from '../random.js';
import type { Activations } from './activations.js';
import { rbfCka } from './rbf-cka.js';
import { centreGram, median } from './rbf-gram.js';

const rng = createRng(5);
const normal = (r: Rng, n: number, p: number): Activations => ({
  data: Float64Array.from({ length: n * p }, () => r.normal()),
  n,
  p,
});

beforeAll(async () => {
  await initBackend();
});

describe('rbfCka', () => {
  const a = normal(rng, 40, 6);
  const b = { ...a, data: a.data.map((v, k) => Math.tanh(v) + 0.5 * Math.cos(3 * k)) };

  it('gives 1 for identical inputs, is symmetric and invariant to isotropic scaling', async () => {
    expect((await rbfCka(a, a)).value).toBeCloseTo(1, 6);
    const ab = (await rbfCka(a, b)).value;
    expect((await rbfCka(b, a)).value).toBeCloseTo(ab, 6);
    expect((await rbfCka({ ...a, data: a.data.map((v) => 5 * v) }, b)).value).toBeCloseTo(ab, 6);
  });

  it('reports its kernel widths: threshold times the median distance', async () => {
    const r = await rbfCka(a, b, { threshold: 2 });
    const half = await rbfCka(a, b, { threshold: 1 });
    expect(r).toMatchObject({
      metric: 'rbf',
      form: 'gram',
      threshold: 2,
      debiased: false,
      n: 40,
      p: 6,
      q: 6,
    });
    expect(r.sigmaA).toBeCloseTo(2 * half.sigmaA, 9);
  });

  it('offers the unbiased estimator, which gives 1 on identical inputs too', async () => {
    expect((await rbfCka(a, a, { debiased: true })).value).toBeCloseTo(1, 6);
    const biased = (await rbfCka(a, b)).value;
    expect((await rbfCka(a, b, { debiased: true })).value).not.toBeCloseTo(biased, 3);
  });

  it('refuses a threshold that is not positive, and inputs whose median distance is 0', async () => {
    await expect(rbfCka(a, b, { threshold: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(rbfCka(a, b, { threshold: Number.NaN })).rejects.toThrow(/positive number, got NaN/);
    const mostlySame: Activations = {
      data: Float64Array.from({ length: 10 * 2 }, (_, k) => (k < 4 ? k : 9)),
      n: 10,
      p: 2,
    };
    await expect(rbfCka(mostlySame, normal(rng, 10, 2))).rejects.toThrow(DegenerateInputError);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await rbfCka(a, b);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('rbf-gram helpers', () => {
  it('takes the median the way numpy does', () => {
    expect(median(Float64Array.from([3, 1, 2]))).toBe(2);
    expect(median(Float64Array.from([4, 1, 3, 2]))).toBe(2.5);
  });

  it('centres a Gram matrix to zero row and column sums (biased form)', () => {
    const k = Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 5]);
    centreGram(k, 3, false);
    for (let i = 0; i < 3; i++) expect(k[i * 3]! + k[i * 3 + 1]! + k[i * 3 + 2]!).toBeCloseTo(0, 12);
  });
});
