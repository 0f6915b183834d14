import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { DegenerateInputError, InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { createRng, type Rng } from '../random.js';
import type { Activations } from './activations.js';
import { debiasedCka } from './debiased-cka.js';
import { batchSpans, createMinibatchCka, minibatchCka } from './minibatch-cka.js';
import { sliceRows } from './rows.js';

const rng = createRng(3);
const normal = (r: Rng, n: number, p: number, mean = 0): Activations => ({
  data: Float64Array.from({ length: n * p }, () => mean + r.normal()),
  n,
  p,
});

/** Song et al. 2012 eq. 5 on the raw (uncentred) linear Gram matrices, written out with explicit loops. */
function directUnbiasedHsic(x: Activations, y: Activations): number {
  const n = x.n;
  const gram = ({ data, p }: Activations) => {
    const k = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue; // K~: zero diagonal
        let s = 0;
        for (let c = 0; c < p; c++) s += data[i * p + c]! * data[j * p + c]!;
        k[i * n + j] = s;
      }
    return k;
  };
  const k = gram(x);
  const l = gram(y);
  let trace = 0;
  let sumK = 0;
  let sumL = 0;
  let cross = 0; // 1' K~ L~ 1
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      trace += k[i * n + j]! * l[j * n + i]!;
      sumK += k[i * n + j]!;
      sumL += l[i * n + j]!;
    }
  for (let j = 0; j < n; j++) {
    let colK = 0;
    let rowL = 0;
    for (let i = 0; i < n; i++) {
      colK += k[i * n + j]!;
      rowL += l[j * n + i]!;
    }
    cross += colK * rowL;
  }
  return (trace + (sumK * sumL) / ((n - 1) * (n - 2)) - (2 / (n - 2)) * cross) / (n * (n - 3));
}

/** Mean of per-batch unbiased HSICs over the given batches, computed independently of the library. */
function directMinibatchCka(
  x: Activations,
  y: Activations,
  batches: { start: number; size: number }[],
): number {
  let kl = 0;
  let kk = 0;
  let ll = 0;
  for (const { start, size } of batches) {
    const xb = sliceRows(x, start, size);
    const yb = sliceRows(y, start, size);
    kl += directUnbiasedHsic(xb, yb);
    kk += directUnbiasedHsic(xb, xb);
    ll += directUnbiasedHsic(yb, yb);
  }
  return kl / Math.sqrt(kk * ll); // the 1/batches of each mean cancels
}

beforeAll(async () => {
  await initBackend();
});

describe('minibatchCka', () => {
  const x = normal(rng, 45, 7, 2);
  const y = { ...x, data: x.data.map((v, k) => Math.tanh(v - 2) + 0.6 * Math.sin(k * 0.37)) };

  it('equals the direct mean of per-batch unbiased HSICs for equal batches', async () => {
    const first40 = { x: sliceRows(x, 0, 40), y: sliceRows(y, 0, 40) };
    const result = await minibatchCka(first40.x, first40.y, { batchSize: 10 });
    expect(result).toMatchObject({ metric: 'minibatch', n: 40, p: 7, q: 7, batches: 4 });
    expect(result.value).toBeCloseTo(directMinibatchCka(first40.x, first40.y, batchSpans(40, 10)), 6);
  });

  it('keeps each batch its own 1/(m(m-3)) factor, so a short last batch is exact', async () => {
    const result = await minibatchCka(x, y, { batchSize: 10 }); // 10, 10, 10, 10, 5
    expect(result.batches).toBe(5);
    expect(result.value).toBeCloseTo(directMinibatchCka(x, y, batchSpans(45, 10)), 6);
  });

  it('folds a remainder under 4 rows into the batch before', () => {
    expect(batchSpans(42, 10).map((s) => s.size)).toEqual([10, 10, 10, 12]);
    expect(batchSpans(44, 10).map((s) => s.size)).toEqual([10, 10, 10, 10, 4]);
  });

  it('streams batches of any sizes through createMinibatchCka, tensors included', async () => {
    const sizes = [8, 13, 6, 18];
    const acc = createMinibatchCka();
    let start = 0;
    const batches = sizes.map((size) => {
      const span = { start, size };
      start += size;
      return span;
    });
    for (const { start: s, size } of batches) {
      const a = tf.tensor2d(Float32Array.from(sliceRows(x, s, size).data), [size, 7]);
      await acc.update(a, sliceRows(y, s, size));
      a.dispose();
    }
    const xs = { ...x, data: Float32Array.from(x.data) };
    expect(acc.value().value).toBeCloseTo(directMinibatchCka(xs, y, batches), 6);
    expect(acc.value()).toMatchObject({ n: 45, batches: 4 });
  });

  it('with one batch equals debiased CKA', async () => {
    const one = await minibatchCka(x, y, { batchSize: 45 });
    expect(one.value).toBeCloseTo((await debiasedCka(x, y)).value, 6);
  });

  it('shuffles rows before batching when given a seed, reproducibly', async () => {
    const plain = await minibatchCka(x, y, { batchSize: 9 });
    const seeded = await minibatchCka(x, y, { batchSize: 9, seed: 1 });
    expect(seeded.value).not.toBeCloseTo(plain.value, 6);
    expect((await minibatchCka(x, y, { batchSize: 9, seed: 1 })).value).toBe(seeded.value);
  });

  it('refuses bad batches, bad sizes and an empty accumulator', async () => {
    const acc = createMinibatchCka();
    expect(() => acc.value()).toThrow(InvalidArgumentError);
    await acc.update(sliceRows(x, 0, 5), sliceRows(y, 0, 5));
    await expect(acc.update(sliceRows(x, 0, 3), sliceRows(y, 0, 3))).rejects.toThrow(DegenerateInputError);
    await expect(acc.update(sliceRows(x, 0, 5), sliceRows(y, 0, 6))).rejects.toThrow(ShapeMismatchError);
    await expect(acc.update(normal(rng, 5, 3), sliceRows(y, 0, 5))).rejects.toThrow(
      /earlier batches had p=7, q=7/,
    );
    await expect(minibatchCka(x, y, { batchSize: 3 })).rejects.toThrow(/batchSize must be an integer >= 4/);
  });

  it('refuses totals with no variation on one side', async () => {
    const acc = createMinibatchCka();
    const flat: Activations = { data: new Float64Array(6 * 7).fill(1), n: 6, p: 7 };
    await acc.update(sliceRows(x, 0, 6), flat);
    expect(() => acc.value()).toThrow(DegenerateInputError);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await minibatchCka(x, y, { batchSize: 10 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
