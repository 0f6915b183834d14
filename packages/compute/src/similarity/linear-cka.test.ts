import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { CancelledError, DegenerateInputError } from '../errors.js';
import { createRng, type Rng } from '../random.js';
import type { Activations } from './activations.js';
import { chooseForm } from './gram-inner-products.js';
import { linearCka } from './linear-cka.js';

const rng = createRng(7);

function normal(r: Rng, n: number, p: number, mean = 0): Activations {
  return { data: Float64Array.from({ length: n * p }, () => mean + r.normal()), n, p };
}

/** x W + noise * N(0, 1): related activations [n, q]. */
function related(r: Rng, x: Activations, q: number, noise: number): Activations {
  const y = new Float64Array(x.n * q);
  const w = Float64Array.from({ length: x.p * q }, () => r.normal());
  for (let i = 0; i < x.n; i++)
    for (let j = 0; j < q; j++) {
      let s = noise * r.normal();
      for (let k = 0; k < x.p; k++) s += x.data[i * x.p + k]! * w[k * q + j]!;
      y[i * q + j] = s;
    }
  return { data: y, n: x.n, p: q };
}

/** x M for a p x p matrix M (row-major). */
function transform(x: Activations, m: Float64Array): Activations {
  const out = new Float64Array(x.n * x.p);
  for (let i = 0; i < x.n; i++)
    for (let j = 0; j < x.p; j++) {
      let s = 0;
      for (let k = 0; k < x.p; k++) s += x.data[i * x.p + k]! * m[k * x.p + j]!;
      out[i * x.p + j] = s;
    }
  return { data: out, n: x.n, p: x.p };
}

/** A random orthogonal p x p matrix: Gram-Schmidt on Gaussian columns. */
function orthogonal(r: Rng, p: number): Float64Array {
  const q = Float64Array.from({ length: p * p }, () => r.normal());
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < p; i++) dot += q[i * p + j]! * q[i * p + k]!;
      for (let i = 0; i < p; i++) q[i * p + j]! -= dot * q[i * p + k]!;
    }
    let norm = 0;
    for (let i = 0; i < p; i++) norm += q[i * p + j]! ** 2;
    for (let i = 0; i < p; i++) q[i * p + j]! /= Math.sqrt(norm);
  }
  return q;
}

/** Float64 reference: centre, then ||A^T B||^2 / (||A^T A|| ||B^T B||) with plain loops. */
function referenceCka(a: Activations, b: Activations): number {
  const centre = ({ data, n, p }: Activations) => {
    const out = Float64Array.from(data);
    for (let j = 0; j < p; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += out[i * p + j]!;
      for (let i = 0; i < n; i++) out[i * p + j]! -= m / n;
    }
    return { data: out, n, p };
  };
  const cross = (x: Activations, y: Activations) => {
    let s = 0;
    for (let j = 0; j < x.p; j++)
      for (let k = 0; k < y.p; k++) {
        let dot = 0;
        for (let i = 0; i < x.n; i++) dot += x.data[i * x.p + j]! * y.data[i * y.p + k]!;
        s += dot * dot;
      }
    return s;
  };
  const ca = centre(a);
  const cb = centre(b);
  return cross(ca, cb) / Math.sqrt(cross(ca, ca) * cross(cb, cb));
}

const value = async (a: Activations, b: Activations) => (await linearCka(a, b)).value;

beforeAll(async () => {
  await initBackend();
});

describe('linearCka: SPEC §3 properties', () => {
  const x = normal(rng, 60, 8);
  const y = related(rng, x, 6, 2);

  it('gives CKA(X, X) = 1', async () => {
    expect(await value(x, x)).toBeCloseTo(1, 6);
  });

  it('is symmetric', async () => {
    expect(await value(x, y)).toBeCloseTo(await value(y, x), 6);
  });

  it('is invariant to orthogonal transforms of either side', async () => {
    const base = await value(x, y);
    expect(await value(transform(x, orthogonal(rng, 8)), y)).toBeCloseTo(base, 6);
    expect(await value(x, transform(y, orthogonal(rng, 6)))).toBeCloseTo(base, 6);
  });

  it('is invariant to isotropic scaling of either side', async () => {
    const base = await value(x, y);
    const scaled = { ...y, data: y.data.map((v) => v * 37.5) };
    expect(await value(x, scaled)).toBeCloseTo(base, 6);
    expect(await value({ ...x, data: x.data.map((v) => v * 1e-3) }, y)).toBeCloseTo(base, 6);
  });

  it('is not invariant to an arbitrary invertible linear map', async () => {
    const m = Float64Array.from({ length: 64 }, (_, k) =>
      k % 9 === 0 ? 10 ** ((k / 9) % 3) : 0.3 * rng.normal(),
    );
    expect(Math.abs((await value(transform(x, m), y)) - (await value(x, y)))).toBeGreaterThan(1e-2);
  });

  it('lies in [0, 1]', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const a = normal(rng, 30, 5);
      const v = await value(a, related(rng, a, 4, trial));
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });
});

describe('linearCka: forms and numerics', () => {
  it('chooses the feature form for n > p + q and the Gram form for n < p + q', async () => {
    expect(chooseForm(10_000, 512, 512)).toBe('feature');
    expect(chooseForm(100, 1000, 1000)).toBe('gram');
    const a = normal(rng, 20, 30);
    expect((await linearCka(a, normal(rng, 20, 40))).form).toBe('gram');
    expect((await linearCka(normal(rng, 50, 3), normal(rng, 50, 4))).form).toBe('feature');
  });

  it('feature and Gram forms agree to 1e-6 and match a float64 reference across several blocks', async () => {
    // p, q > 128 and n > 256: several column blocks in the feature form, several row blocks in the Gram form.
    const a = normal(rng, 600, 150);
    const b = related(rng, a, 140, 6);
    const feature = await linearCka(a, b, { form: 'feature' });
    const gram = await linearCka(a, b, { form: 'gram' });
    expect(Math.abs(feature.value - gram.value)).toBeLessThan(1e-6);
    expect(Math.abs(feature.value - referenceCka(a, b))).toBeLessThan(1e-6);
  });

  it('stays exact to 1e-5 with column means of 1e4 and std 1, float64 or float32 input', async () => {
    const a = normal(rng, 2000, 10, 1e4);
    const b = related(rng, normal(rng, 2000, 10), 8, 1); // related to a's centred part
    for (let k = 0; k < b.data.length; k++) b.data[k]! += k % 2 === 0 ? 1e4 : -3e4;
    const exact = referenceCka(a, b);
    expect(Math.abs((await value(a, b)) - exact)).toBeLessThan(1e-5);
    const a32 = { ...a, data: Float32Array.from(a.data) };
    const b32 = { ...b, data: Float32Array.from(b.data) };
    expect(Math.abs((await value(a32, b32)) - referenceCka(a32, b32))).toBeLessThan(1e-5);
  });

  it('refuses activations that underflow float32 instead of returning NaN', async () => {
    const tiny = normal(rng, 30, 4);
    tiny.data = tiny.data.map((v) => v * 1e-25);
    await expect(linearCka(tiny, normal(rng, 30, 4))).rejects.toThrow(DegenerateInputError);
    await expect(linearCka(tiny, normal(rng, 30, 4))).rejects.toThrow(/under- or overflow float32/);
  });

  it('leaves no tensors behind, in either form', async () => {
    const a = normal(rng, 40, 6);
    const b = normal(rng, 40, 50);
    const before = tf.memory().numTensors;
    await linearCka(a, b, { form: 'feature' });
    await linearCka(a, b, { form: 'gram' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops with CancelledError when the signal has fired, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    await expect(
      linearCka(normal(rng, 20, 3), normal(rng, 20, 3), { signal: controller.signal }),
    ).rejects.toThrow(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('disposes its block tensors when cancelled part-way through', async () => {
    let checks = 0;
    const signal = {
      get aborted() {
        checks += 1;
        return checks > 2;
      },
    } as AbortSignal;
    const before = tf.memory().numTensors;
    const run = linearCka(normal(rng, 50, 300), normal(rng, 50, 20), { form: 'feature', signal });
    await expect(run).rejects.toThrow(CancelledError);
    expect(checks).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
  });
});
