import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { CancelledError, InvalidArgumentError } from '../errors.js';
import { createWorkerPool, type WorkerPool } from '../parallel/worker-pool.js';
import { createRng } from '../random.js';
import type { Activations } from './activations.js';
import { centreColumns } from './centre.js';
import { debiasedCka } from './debiased-cka.js';
import { FEATURE_CHUNK_ROWS } from './feature-form.js';
import { formCosts, gramInnerProducts, PARALLEL_MIN_COST } from './gram-inner-products.js';
import { linearCka } from './linear-cka.js';

let pool: WorkerPool;

beforeAll(async () => {
  await initBackend();
  pool = createWorkerPool({ size: 2 });
});
afterAll(() => pool.close());

/** Gaussian [n, p] with large column means (so centring matters), or `base` plus noise. */
function activations(seed: number, n: number, p: number, base?: Activations): Activations {
  const rng = createRng(seed);
  const data = new Float32Array(n * p);
  for (let k = 0; k < data.length; k++) data[k] = (base?.data[k] ?? 100 * (k % p)) + rng.normal();
  return { data, n, p };
}

// Feature form: n > p + q. Gram form: n < p + q. Both above the size from which the pool is used.
const shapes = [
  { form: 'feature', n: 1500, p: 200, q: 150 },
  { form: 'gram', n: 300, p: 700, q: 500 },
] as const;

describe('CKA products on worker threads', () => {
  for (const { form, n, p, q } of shapes) {
    it(`give the single-threaded value in the ${form} form (n=${n}, p=${p}, q=${q})`, async () => {
      expect(formCosts(n, p, q)[form]).toBeGreaterThanOrEqual(PARALLEL_MIN_COST);
      const a = activations(1, n, p);
      const b = activations(2, n, q);
      for (let k = 0; k < b.data.length; k++) b.data[k]! += 2 * a.data[Math.floor(k / q) * p + (k % q)]!; // B ~ A's first q units
      const before = tf.memory().numTensors;
      const threaded = await linearCka(a, b, { pool });
      const single = await linearCka(a, b);
      expect(threaded.form).toBe(form);
      expect(single.form).toBe(form);
      expect(single.value).toBeGreaterThan(0.05);
      expect(Math.abs(threaded.value - single.value)).toBeLessThanOrEqual(1e-6);
      const debiased = [await debiasedCka(a, b, { pool }), await debiasedCka(a, b)];
      expect(Math.abs(debiased[0]!.value - debiased[1]!.value)).toBeLessThanOrEqual(1e-6);
      expect(tf.memory().numTensors).toBe(before);
      expect(await pool.runOnEach('tensors', null)).toEqual([0, 0]); // every worker freed its tensors
    });
  }

  it('centres float64 activations with large means in float64 in the workers', async () => {
    // Column means of 1e6 and unit spread: rounding to float32 before centring would lose 6 of 7 digits.
    const rng = createRng(6);
    const [n, p] = [1500, 300];
    const a = { data: new Float64Array(n * p), n, p };
    const b = { data: new Float64Array(n * p), n, p };
    for (let k = 0; k < n * p; k++) {
      const shared = rng.normal();
      a.data[k] = 1e6 + shared + 0.5 * rng.normal();
      b.data[k] = -3e6 + shared + 0.5 * rng.normal();
    }
    const threaded = await linearCka(a, b, { pool });
    const single = await linearCka(a, b);
    expect(single.value).toBeGreaterThan(0.3);
    expect(Math.abs(threaded.value - single.value)).toBeLessThanOrEqual(1e-6);
  });

  it('adds the products of row chunks (n > FEATURE_CHUNK_ROWS) to the float64 value', async () => {
    const [n, p] = [FEATURE_CHUNK_ROWS + 1000, 64];
    const a = activations(7, n, p);
    const b = activations(8, n, p, a);
    const reference = float64Cka(a, b);
    for (const result of [await linearCka(a, b, { pool }), await linearCka(a, b)]) {
      expect(result.form).toBe('feature');
      expect(Math.abs(result.value - reference)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('computes the cross product alone (null baselines) as the single-threaded path does', async () => {
    const a = centreColumns(activations(3, 1500, 256));
    const b = centreColumns(activations(4, 1500, 256, a));
    const threaded = await gramInnerProducts(a, b, { pool, form: 'feature' }, 'cross');
    const single = await gramInnerProducts(a, b, { form: 'feature' }, 'cross');
    expect(threaded.kl).toBeGreaterThan(0);
    expect(Math.abs(threaded.kl - single.kl) / single.kl).toBeLessThanOrEqual(1e-12);
    expect([threaded.kk, threaded.ll]).toEqual([0, 0]);
  });

  it('stops with CancelledError when the signal fires', async () => {
    const a = activations(5, 1500, 300);
    const controller = new AbortController();
    const run = linearCka(a, a, { pool, signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    // The pool is still usable afterwards.
    expect((await linearCka(a, a, { pool })).value).toBeCloseTo(1, 6);
  });
});

/** Linear CKA in float64 straight from the definition (SPEC §3), for a reference. */
function float64Cka(a: Activations, b: Activations): number {
  const centred = ({ data, n, p }: Activations) => {
    const out = Float64Array.from(data);
    for (let j = 0; j < p; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += out[i * p + j]!;
      mean /= n;
      for (let i = 0; i < n; i++) out[i * p + j]! -= mean;
    }
    return out;
  };
  const [x, y] = [centred(a), centred(b)];
  const squaredProduct = (u: Float64Array, pu: number, v: Float64Array, pv: number) => {
    const g = new Float64Array(pu * pv);
    for (let i = 0; i < a.n; i++) {
      for (let r = 0; r < pu; r++) {
        const ur = u[i * pu + r]!;
        for (let c = 0; c < pv; c++) g[r * pv + c]! += ur * v[i * pv + c]!;
      }
    }
    return g.reduce((s, e) => s + e * e, 0);
  };
  return (
    squaredProduct(x, a.p, y, b.p) /
    Math.sqrt(squaredProduct(x, a.p, x, a.p) * squaredProduct(y, b.p, y, b.p))
  );
}

describe('createWorkerPool', () => {
  it('refuses a size that is not a positive integer', () => {
    expect(() => createWorkerPool({ size: 0 })).toThrow(InvalidArgumentError);
    expect(() => createWorkerPool({ size: 1.5 })).toThrow('worker pool size 1.5 must be an integer >= 1');
  });

  it('shuts its workers down on close and refuses work afterwards', async () => {
    const own = createWorkerPool({ size: 2 });
    expect(await own.runOnEach('tensors', null, { start: true })).toEqual([0, 0]);
    await own.close();
    await expect(own.run('tensors', null)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await own.runOnEach('tensors', null)).toEqual([]); // no worker left running
  });
});
