/**
 * The permutation null's mean against its exact value, within three standard errors of the Monte Carlo mean.
 *
 * Biased linear CKA: with K~ = HKH and L~ = HLH (column-centred Gram matrices), a uniformly random row
 * permutation P gives E[P L~ P^T] = tr(L~)/(n-1) I - tr(L~)/(n(n-1)) 11^T (the rows of L~ sum to zero), so
 * E[<K~, P L~ P^T>] = tr(K~) tr(L~) / (n-1) while the norms do not move:
 *   E[CKA] = ||A~||_F^2 ||B~||_F^2 / ((n-1) ||A~^T A~||_F ||B~^T B~||_F).
 * Debiased CKA: each term of the unbiased HSIC averages to zero over permutations (Song et al. 2012), so
 *   E[CKA_debiased] = 0.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng } from '../random.js';
import type { Activations } from './activations.js';
import { nullBaseline } from './null-baseline.js';

/** Column-centred copy, in float64. */
function centred({ data, n, p }: Activations): Float64Array {
  const out = Float64Array.from(data);
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += out[i * p + j]!;
    mean /= n;
    for (let i = 0; i < n; i++) out[i * p + j]! -= mean;
  }
  return out;
}

/** ||X||_F^2 and ||X^T X||_F of a centred [n, p] matrix, by direct sums. */
function moments(x: Float64Array, n: number, p: number): { trace: number; gramNorm: number } {
  let trace = 0;
  for (const v of x) trace += v * v;
  let squares = 0;
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += x[i * p + j]! * x[i * p + k]!;
      squares += dot * dot;
    }
  }
  return { trace, gramNorm: Math.sqrt(squares) };
}

function exactLinearNullMean(a: Activations, b: Activations): number {
  const ma = moments(centred(a), a.n, a.p);
  const mb = moments(centred(b), b.n, b.p);
  return (ma.trace * mb.trace) / ((a.n - 1) * ma.gramNorm * mb.gramNorm);
}

function activations(n: number, p: number, seed: number): Activations {
  const rng = createRng(seed);
  return { data: Float64Array.from({ length: n * p }, () => rng.normal()), n, p };
}

/** A related pair (B = A's first q columns plus noise, some columns scaled) and an unrelated one. */
const cases = (() => {
  const a = activations(50, 40, 21);
  const noise = createRng(22);
  const b: Activations = { ...a, data: a.data.map((v, i) => (1 + (i % 3)) * v + 0.5 * noise.normal()) };
  const wide = activations(24, 70, 23);
  const narrow = activations(24, 30, 24);
  return [
    { name: 'n 50, p = q = 40, related', a, b },
    { name: 'n 24, p 70, q 30, unrelated', a: wide, b: narrow },
  ];
})();

const PERMUTATIONS = 300;

beforeAll(async () => {
  await initBackend();
});

describe('nullBaseline mean', () => {
  it.each(cases)(
    'is the exact permutation mean of biased linear CKA within 3 standard errors: $name',
    async ({ a, b }) => {
      const exact = exactLinearNullMean(a, b);
      const result = await nullBaseline(a, b, { permutations: PERMUTATIONS, seed: 4 });
      const standardError = result.std / Math.sqrt(PERMUTATIONS);
      expect(standardError).toBeGreaterThan(0);
      expect(Math.abs(result.mean - exact), `mean ${result.mean}, exact ${exact}`).toBeLessThan(
        3 * standardError,
      );
      // The band is tight: a tenth of the old check's 0.2-wide window.
      expect(3 * standardError).toBeLessThan(0.01);
    },
  );

  it.each(cases)('is zero for debiased linear CKA within 3 standard errors: $name', async ({ a, b }) => {
    const result = await nullBaseline(a, b, {
      permutations: PERMUTATIONS,
      seed: 5,
      cka: { metric: 'debiased' },
    });
    const standardError = result.std / Math.sqrt(PERMUTATIONS);
    expect(standardError).toBeGreaterThan(0);
    expect(Math.abs(result.mean), `mean ${result.mean}`).toBeLessThan(3 * standardError);
    expect(3 * standardError).toBeLessThan(0.02);
  });
});
