import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';
import type { Activations } from './activations.js';
import { cka } from './cka.js';
import { linearCka } from './linear-cka.js';
import { nullBaseline } from './null-baseline.js';
import { takeRows } from './rows.js';

const rng = createRng(21);
const n = 50;
const a: Activations = { data: Float64Array.from({ length: n * 40 }, () => rng.normal()), n, p: 40 };
const b: Activations = { ...a, data: a.data.map((v) => v + 0.5 * rng.normal()) };

beforeAll(async () => {
  await initBackend();
});

describe('nullBaseline', () => {
  it('is CKA against row-shuffles of B, summarised by mean and sample std', async () => {
    const result = await nullBaseline(a, b, { permutations: 5, seed: 9 });
    expect(result).toMatchObject({ metric: 'linear', n, p: 40, q: 40, permutations: 5, seed: 9 });
    expect(result.values).toHaveLength(5);
    const shuffle = createRng(9);
    const first = await linearCka(a, takeRows(b, shuffle.permutation(n)));
    expect(result.values[0]).toBeCloseTo(first.value, 7);
    const mean = result.values.reduce((s, v) => s + v, 0) / 5;
    expect(result.mean).toBeCloseTo(mean, 12);
    const variance = result.values.reduce((s, v) => s + (v - mean) ** 2, 0) / 4;
    expect(result.std).toBeCloseTo(Math.sqrt(variance), 12);
  });

  // Its mean against the exact permutation mean, within 3 standard errors: null-baseline-mean.test.ts.
  it('stands far below the real value of a related pair, biased and debiased', async () => {
    const linear = await nullBaseline(a, b, { permutations: 8 });
    expect((await linearCka(a, b)).value).toBeGreaterThan(linear.mean + 10 * linear.std);
    const debiased = await nullBaseline(a, b, { permutations: 8, cka: { metric: 'debiased' } });
    expect(debiased.metric).toBe('debiased');
    expect((await cka(a, b, { metric: 'debiased' })).value).toBeGreaterThan(
      debiased.mean + 10 * debiased.std,
    );
  });

  it('gives what the metric gives on each shuffle, for the shortcut metrics and the others alike', async () => {
    for (const options of [
      { metric: 'linear', form: 'gram' },
      { metric: 'linear', form: 'feature' },
      { metric: 'debiased', form: 'feature' },
      { metric: 'debiased', form: 'gram' },
      { metric: 'rbf', threshold: 1 },
    ] as const) {
      const result = await nullBaseline(a, b, { permutations: 3, seed: 5, cka: options });
      const shuffle = createRng(5);
      for (const v of result.values) {
        expect(v).toBeCloseTo((await cka(a, takeRows(b, shuffle.permutation(n)), options)).value, 7);
      }
    }
  });

  it('takes the shortcut correctly across several feature blocks (p, q > 128)', async () => {
    const wide: Activations = {
      data: Float64Array.from({ length: 30 * 140 }, () => rng.normal()),
      n: 30,
      p: 140,
    };
    const other: Activations = {
      data: wide.data.slice(0, 30 * 135).map((v) => v + rng.normal()),
      n: 30,
      p: 135,
    };
    const result = await nullBaseline(wide, other, { permutations: 2, seed: 3, cka: { form: 'feature' } });
    const shuffle = createRng(3);
    for (const v of result.values) {
      const direct = await linearCka(wide, takeRows(other, shuffle.permutation(30)), { form: 'feature' });
      expect(v).toBeCloseTo(direct.value, 7);
    }
  });

  it('reports the p-value (1 + #{null >= observed}) / (K + 1) of the unshuffled value', async () => {
    const related = await nullBaseline(a, b, { permutations: 9, seed: 3 });
    expect(related.observed).toBeCloseTo((await linearCka(a, b)).value, 7);
    expect(related.pValue).toBeCloseTo(1 / 10, 12); // no shuffle reaches a strong relation
    const unrelated: Activations = { ...b, data: b.data.map(() => rng.normal()) };
    const result = await nullBaseline(a, unrelated, { permutations: 9, seed: 3, cka: { metric: 'rbf' } });
    const exceed = result.values.filter((v) => v >= result.observed).length;
    expect(result.pValue).toBeCloseTo((1 + exceed) / 10, 12);
    expect(result.biased).toBeUndefined();
  });

  it('gives biased and debiased nulls from the same shuffles, whichever of the two is asked for', async () => {
    const linear = await nullBaseline(a, b, { permutations: 4, seed: 6 });
    const debiased = await nullBaseline(a, b, { permutations: 4, seed: 6, cka: { metric: 'debiased' } });
    expect(linear.debiased).toEqual(debiased.debiased);
    expect(linear.biased).toEqual(debiased.biased);
    expect(debiased.mean).toBe(debiased.debiased!.mean);
    expect(debiased.pValue).toBe(debiased.debiased!.pValue);
    const shuffle = createRng(6);
    let sum = 0;
    for (let k = 0; k < 4; k++) {
      sum += (await cka(a, takeRows(b, shuffle.permutation(n)), { metric: 'debiased' })).value;
    }
    expect(linear.debiased!.mean).toBeCloseTo(sum / 4, 7);
  });

  it('is reproducible for a seed and changes with it', async () => {
    const one = await nullBaseline(a, b, { permutations: 3, seed: 1 });
    expect((await nullBaseline(a, b, { permutations: 3, seed: 1 })).values).toEqual(one.values);
    expect((await nullBaseline(a, b, { permutations: 3, seed: 2 })).values).not.toEqual(one.values);
  });

  it('refuses a permutation count that is not a positive integer', async () => {
    await expect(nullBaseline(a, b, { permutations: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(nullBaseline(a, b, { permutations: 2.5 })).rejects.toThrow(/got 2.5/);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await nullBaseline(a, b, { permutations: 2, cka: { metric: 'rbf' } });
    expect(tf.memory().numTensors).toBe(before);
  });
});
