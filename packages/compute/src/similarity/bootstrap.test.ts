import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';
import { createInputGroups } from '../stats/input-groups.js';
import type { Activations } from './activations.js';
import { bootstrapCka } from './bootstrap.js';
import { debiasedCka } from './debiased-cka.js';
import { linearCka } from './linear-cka.js';
import { takeRows } from './rows.js';
import { quantile } from './summary.js';

const rng = createRng(33);
const n = 60;
const a: Activations = { data: Float64Array.from({ length: n * 6 }, () => rng.normal()), n, p: 6 };
const b: Activations = { ...a, data: a.data.map((v) => v + rng.normal()) };

beforeAll(async () => {
  await initBackend();
});

describe('bootstrapCka (now a grouped jackknife)', () => {
  it('leaves each group of inputs out in turn and recomputes the CKA from the rest', async () => {
    const result = await bootstrapCka(a, b, { resamples: 12, seed: 4, confidence: 0.9 });
    expect(result).toMatchObject({
      method: 'grouped-jackknife',
      metric: 'linear',
      n,
      p: 6,
      q: 6,
      resamples: 12,
      seed: 4,
      confidence: 0.9,
    });
    expect(result.estimate).toBeCloseTo((await linearCka(a, b)).value, 6);
    const groups = createInputGroups(n, 12, 4);
    const kept = Array.from({ length: n }, (_, i) => i).filter((i) => groups.groupOf[i] !== 0);
    expect(result.values[0]).toBeCloseTo((await linearCka(takeRows(a, kept), takeRows(b, kept))).value, 6);
    expect(result.lower).toBeLessThan(result.estimate);
    expect(result.upper).toBeGreaterThan(result.estimate);
  });

  it('keeps its own estimate inside the interval where the with-replacement bootstrap did not', async () => {
    // Issue 9: two independent 64 x 64 arrays, debiased CKA ~0, the old bootstrap gave [0.45, 0.61].
    const draw = createRng(1);
    const x: Activations = {
      data: Float64Array.from({ length: 64 * 64 }, () => draw.normal()),
      n: 64,
      p: 64,
    };
    const y: Activations = {
      data: Float64Array.from({ length: 64 * 64 }, () => draw.normal()),
      n: 64,
      p: 64,
    };
    const result = await bootstrapCka(x, y, { resamples: 50, cka: { metric: 'debiased' } });
    expect(result.estimate).toBeCloseTo((await debiasedCka(x, y)).value, 6);
    expect(result.lower).toBeLessThan(0);
    expect(result.upper).toBeGreaterThan(0);
    expect(result.upper).toBeLessThan(0.15);
  });

  it('gives a narrower interval at a lower confidence, and is reproducible', async () => {
    const wide = await bootstrapCka(a, b, { resamples: 10, confidence: 0.95 });
    const narrow = await bootstrapCka(a, b, { resamples: 10, confidence: 0.5 });
    expect(narrow.values).toEqual(wide.values); // same default seed
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
  });

  it('caps the group count at n', async () => {
    expect((await bootstrapCka(a, b, { resamples: 200 })).resamples).toBe(n);
  });

  it('refuses too few groups, a confidence outside (0, 1), or a metric without measured coverage', async () => {
    await expect(bootstrapCka(a, b, { resamples: 1 })).rejects.toThrow(InvalidArgumentError);
    await expect(bootstrapCka(a, b, { confidence: 1 })).rejects.toThrow(/level must lie in \(0, 1\), got 1/);
    await expect(bootstrapCka(a, b, { cka: { metric: 'rbf' } })).rejects.toThrow(
      /linear and debiased CKA only/,
    );
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await bootstrapCka(a, b, { resamples: 3, cka: { metric: 'debiased' } });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('quantile', () => {
  it("matches numpy's default linear interpolation", () => {
    // np.quantile([1, 2, 3, 4, 10], [0.025, 0.5, 0.975]) -> [1.1, 3.0, 9.4]
    expect(quantile([1, 2, 3, 4, 10], 0.025)).toBeCloseTo(1.1, 12);
    expect(quantile([1, 2, 3, 4, 10], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 10], 0.975)).toBeCloseTo(9.4, 12);
  });
});
