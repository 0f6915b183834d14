import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng } from '../random.js';
import type { Activations } from '../similarity/activations.js';
import { cka } from '../similarity/cka.js';
import { takeRows } from '../similarity/rows.js';
import { centredGram } from './centred-gram.js';
import { gramPermutationNull, permutationPValue } from './permutation-null.js';
import { createSyntheticPair } from './synthetic-representations.js';

beforeAll(async () => {
  await initBackend();
});

describe('permutationPValue', () => {
  it('is (1 + #{null >= observed}) / (K + 1), counting ties as exceedances', () => {
    expect(permutationPValue(0.5, [0.1, 0.5, 0.7, 0.2])).toBeCloseTo(3 / 5, 15);
    expect(permutationPValue(0.9, [0.1, 0.5, 0.7, 0.2])).toBeCloseTo(1 / 5, 15);
    expect(permutationPValue(-1, [0.1, 0.5])).toBe(1);
  });
});

describe('gramPermutationNull', () => {
  const rng = createRng(3);
  const n = 30;
  const a: Activations = { data: Float32Array.from({ length: n * 5 }, () => rng.normal() + 2), n, p: 5 };
  const b: Activations = { data: Float32Array.from({ length: n * 4 }, () => rng.normal()), n, p: 4 };

  it('gives for each shuffle the linear and debiased CKA of A against the shuffled rows of B (to 1e-6)', async () => {
    const result = gramPermutationNull(await centredGram(a), await centredGram(b), n, {
      permutations: 6,
      seed: 2,
    });
    const shuffle = createRng(2);
    for (let s = 0; s < 6; s++) {
      const order = shuffle.permutation(n);
      expect(result.values.biased[s]).toBeCloseTo((await cka(a, takeRows(b, order))).value, 6);
      expect(result.values.debiased[s]).toBeCloseTo(
        (await cka(a, takeRows(b, order), { metric: 'debiased' })).value,
        6,
      );
    }
    expect(result.biased.observed).toBeCloseTo((await cka(a, b)).value, 6);
    expect(result.debiased.pValue).toBe(permutationPValue(result.debiased.observed, result.values.debiased));
  });

  it('is calibrated: under independence P(p <= 0.05) is 0.05 within 3 standard errors (1000 replicates, K = 99)', async () => {
    // With K = 99 the p-value takes the values k/100 and P(p <= 0.05) = 5/100 exactly when the rows of B are
    // exchangeable; 3 SE of a proportion at 1000 replicates = 3 sqrt(0.05 * 0.95 / 1000) = 0.021.
    const pair = createSyntheticPair({ p: 16, q: 16, coupling: 0, seed: 4 });
    const draw = createRng(11);
    const replicates = 1000;
    let biased = 0;
    let debiased = 0;
    for (let r = 0; r < replicates; r++) {
      const sample = pair.sample(64, draw);
      const k = await centredGram(sample.a);
      const l = await centredGram(sample.b);
      const result = gramPermutationNull(k, l, 64, { permutations: 99, seed: r });
      if (result.biased.pValue <= 0.05) biased++;
      if (result.debiased.pValue <= 0.05) debiased++;
    }
    const tolerance = 3 * Math.sqrt((0.05 * 0.95) / replicates);
    expect(Math.abs(biased / replicates - 0.05)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(debiased / replicates - 0.05)).toBeLessThanOrEqual(tolerance);
  });

  it('has power: related sides at n = 64 give p <= 0.05 nearly always', async () => {
    const pair = createSyntheticPair({ p: 16, q: 16, coupling: 0.5, seed: 4 });
    const draw = createRng(12);
    let rejected = 0;
    for (let r = 0; r < 50; r++) {
      const sample = pair.sample(64, draw);
      const result = gramPermutationNull(await centredGram(sample.a), await centredGram(sample.b), 64, {
        permutations: 99,
        seed: r,
      });
      if (result.debiased.pValue <= 0.05) rejected++;
    }
    expect(rejected / 50).toBeGreaterThan(0.9);
  });
});
