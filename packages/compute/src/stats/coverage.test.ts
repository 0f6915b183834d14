/**
 * Coverage of the per-cell intervals on synthetic representations with a known population CKA (issue 9,
 * docs/statistics.md "Coverage"): class-like low-rank signal plus noise, n = 64 and 512, independent and
 * related sides, 200 replicates each with a fixed seed, 95% intervals from 20 jackknife groups.
 * Debiased intervals must cover the population CKA (closed form, synthetic-representations.ts); biased ones the
 * expected biased CKA at that n (Monte Carlo over 500 further samples, computed by linearCka, not by the
 * Gram downdating under test). Pass: coverage >= 90% (a true 95% gives >= 90% with probability > 0.999 at
 * 200 replicates).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng } from '../random.js';
import { linearCka } from '../similarity/linear-cka.js';
import { cellStatistics } from './cell-statistics.js';
import { createSyntheticPair } from './synthetic-representations.js';

const REPLICATES = 200;
const TARGET_SAMPLES = 500;
const UNITS = 16; // small p keeps the suite fast; docs/statistics.md has p = 64 and 128 too

beforeAll(async () => {
  await initBackend();
});

async function coverage(n: number, coupling: number, seed: number) {
  const pair = createSyntheticPair({ p: UNITS, q: UNITS, coupling, seed: 1 });
  const draw = createRng(seed);
  let expectedBiased = 0;
  for (let s = 0; s < TARGET_SAMPLES; s++) {
    const { a, b } = pair.sample(n, draw);
    expectedBiased += (await linearCka(a, b)).value / TARGET_SAMPLES;
  }
  const population = pair.populationCka!;
  let biased = 0;
  let debiased = 0;
  for (let r = 0; r < REPLICATES; r++) {
    const { a, b } = pair.sample(n, draw);
    const cell = await cellStatistics(a, b, { intervalGroups: 20, seed: r });
    const { lower, upper } = cell.biased.interval!;
    if (lower <= expectedBiased && expectedBiased <= upper) biased++;
    const d = cell.debiased.interval!;
    if (d.lower <= population && population <= d.upper) debiased++;
  }
  return { biased: biased / REPLICATES, debiased: debiased / REPLICATES, population, expectedBiased };
}

describe('jackknife interval coverage (200 replicates, 95% intervals, 20 groups)', () => {
  for (const n of [64, 512]) {
    for (const coupling of [0, 0.8]) {
      const kind = coupling === 0 ? 'independent' : 'related';
      it(`covers the population debiased CKA and the expected biased CKA >= 90% at n = ${n}, ${kind} sides`, async () => {
        const result = await coverage(n, coupling, 1000 + n + coupling * 10);
        if (coupling === 0) expect(result.population).toBe(0);
        else expect(result.population).toBeGreaterThan(0.3);
        expect(result.debiased).toBeGreaterThanOrEqual(0.9);
        expect(result.biased).toBeGreaterThanOrEqual(0.9);
      });
    }
  }

  it('would fail a method that ignores the bias: biased intervals miss the population value at n = 64', async () => {
    // Guards the test itself: at n = 64 the biased CKA of independent sides sits ~3 standard errors above 0.
    const pair = createSyntheticPair({ p: UNITS, q: UNITS, coupling: 0, seed: 1 });
    const draw = createRng(7);
    let covered = 0;
    for (let r = 0; r < 50; r++) {
      const { a, b } = pair.sample(64, draw);
      const { lower } = (await cellStatistics(a, b, { intervalGroups: 20, seed: r })).biased.interval!;
      if (lower <= 0) covered++;
    }
    expect(covered / 50).toBeLessThan(0.5);
  });
});
