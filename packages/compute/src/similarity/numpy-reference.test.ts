import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { readNpyFile } from '../data/npy.js';
import type { Activations } from './activations.js';
import { debiasedCka } from './debiased-cka.js';
import { linearCka } from './linear-cka.js';
import { minibatchCka } from './minibatch-cka.js';
import { rbfCka } from './rbf-cka.js';

/** Values from scripts/make-cka-fixtures.py, an independent float64 numpy implementation. */
interface Case {
  name: string;
  x: string;
  y: string;
  n: number;
  p: number;
  q: number;
  linear: number;
  debiased: number;
  rbf: { threshold: number; value: number };
  minibatch: { batchSize: number; value: number };
}

const dir = join(import.meta.dirname, 'fixtures');
const { cases } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { cases: Case[] };
const TOL = 1e-5;

async function load(file: string): Promise<Activations> {
  const { data, shape } = await readNpyFile(join(dir, file));
  if (!(data instanceof Float64Array) || shape.length !== 2) throw new Error(`${file}: expected 2-d float64`);
  return { data, n: shape[0]!, p: shape[1]! };
}

beforeAll(async () => {
  await initBackend();
});

describe.each(cases)('numpy reference case $name (n=$n, p=$p, q=$q)', (c) => {
  let x: Activations;
  let y: Activations;
  beforeAll(async () => {
    [x, y] = await Promise.all([load(c.x), load(c.y)]);
  });

  it('linear CKA matches numpy in both forms', async () => {
    for (const form of ['feature', 'gram'] as const) {
      const result = await linearCka(x, y, { form });
      expect(result).toMatchObject({ metric: 'linear', n: c.n, p: c.p, q: c.q, form });
      expect(result.value).toBeCloseTo(c.linear, 5);
      expect(Math.abs(result.value - c.linear)).toBeLessThan(TOL);
    }
  });

  it('debiased CKA matches the Song et al. estimator in numpy in both forms', async () => {
    for (const form of ['feature', 'gram'] as const) {
      const result = await debiasedCka(x, y, { form });
      expect(result).toMatchObject({ metric: 'debiased', n: c.n, form });
      expect(Math.abs(result.value - c.debiased)).toBeLessThan(TOL);
    }
  });

  it('RBF CKA matches numpy', async () => {
    const result = await rbfCka(x, y, { threshold: c.rbf.threshold });
    expect(result).toMatchObject({ metric: 'rbf', n: c.n, p: c.p, q: c.q, form: 'gram' });
    expect(Math.abs(result.value - c.rbf.value)).toBeLessThan(TOL);
  });

  it('minibatch CKA matches the direct mean of per-batch unbiased HSICs', async () => {
    const result = await minibatchCka(x, y, { batchSize: c.minibatch.batchSize });
    expect(result).toMatchObject({
      metric: 'minibatch',
      n: c.n,
      batches: Math.ceil(c.n / c.minibatch.batchSize),
    });
    expect(Math.abs(result.value - c.minibatch.value)).toBeLessThan(TOL);
  });
});

describe('SPEC §3 reference values (Kornblith et al. demo, np.random.seed(1337))', () => {
  it('gives linear 0.55761, debiased 0.51346 and RBF(0.5) 0.65483', async () => {
    const [x, y] = await Promise.all([load('kornblith-x.npy'), load('kornblith-y.npy')]);
    expect((await linearCka(x, y)).value).toBeCloseTo(0.55761, 5);
    expect((await debiasedCka(x, y)).value).toBeCloseTo(0.51346, 5);
    expect((await rbfCka(x, y, { threshold: 0.5 })).value).toBeCloseTo(0.65483, 5);
  });
});
