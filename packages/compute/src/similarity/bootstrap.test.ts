import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';
import type { Activations } from './activations.js';
import { bootstrapCka } from './bootstrap.js';
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

describe('bootstrapCka', () => {
  it('resamples the same rows on both sides and takes percentiles of the resampled CKAs', async () => {
    const result = await bootstrapCka(a, b, { resamples: 40, seed: 4, confidence: 0.9 });
    expect(result).toMatchObject({
      metric: 'linear',
      n,
      p: 6,
      q: 6,
      resamples: 40,
      seed: 4,
      confidence: 0.9,
    });
    expect(result.estimate).toBe((await linearCka(a, b)).value);
    const draw = createRng(4);
    const rows = Int32Array.from({ length: n }, () => draw.int(n));
    expect(result.values[0]).toBe((await linearCka(takeRows(a, rows), takeRows(b, rows))).value);
    const sorted = [...result.values].sort((u, v) => u - v);
    expect(result.lower).toBe(quantile(sorted, 0.05));
    expect(result.upper).toBe(quantile(sorted, 0.95));
    expect(result.lower).toBeLessThan(result.estimate);
    expect(result.upper).toBeGreaterThan(result.estimate);
  });

  it('gives a narrower interval at a lower confidence, and is reproducible', async () => {
    const wide = await bootstrapCka(a, b, { resamples: 30, confidence: 0.95 });
    const narrow = await bootstrapCka(a, b, { resamples: 30, confidence: 0.5 });
    expect(narrow.values).toEqual(wide.values); // same default seed
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
  });

  it('refuses too few resamples or a confidence outside (0, 1)', async () => {
    await expect(bootstrapCka(a, b, { resamples: 1 })).rejects.toThrow(InvalidArgumentError);
    await expect(bootstrapCka(a, b, { confidence: 1 })).rejects.toThrow(
      /confidence must lie in \(0, 1\), got 1/,
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
