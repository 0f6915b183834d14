/**
 * Cost of the per-cell statistics (issue 9: "the cost of intervals and nulls per cell at n = 64 and n = 512; they
 * must not dominate a study's wall time"), beside the cost of the CKA value alone, on synthetic class-like
 * representations (src/stats/synthetic-representations.ts) at the study's sizes: n = 64 (quick preset) and 512
 * (paper preset), p = q = 64 and 128. Each row is the median of several runs of one cell; the reference is the
 * linear CKA value computed as a cell without statistics costs it (linearCka).
 */
import { createRng } from '../random.js';
import { linearCka } from '../similarity/linear-cka.js';
import { nullBaseline } from '../similarity/null-baseline.js';
import { cellStatistics } from '../stats/cell-statistics.js';
import { createSyntheticPair } from '../stats/synthetic-representations.js';
import type { BenchRow } from './bench-row.js';

const SIZES = [
  { n: 64, p: 64, runs: 20 },
  { n: 64, p: 128, runs: 20 },
  { n: 512, p: 64, runs: 5 },
  { n: 512, p: 128, runs: 5 },
];

export async function benchCellStatistics(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const { n, p, runs } of SIZES) {
    const { a, b } = createSyntheticPair({ p, q: p, coupling: 0.8, seed: 1 }).sample(n, createRng(n + p));
    await cellStatistics(a, b, { permutations: 2 }); // warm-up: WASM kernels, JIT
    const value = await time(runs, () => linearCka(a, b));
    const reference = { name: 'linear CKA value', value };
    const row = (what: string, ms: number): BenchRow => ({
      name: `n=${n} p=q=${p}: ${what} (median of ${runs})`,
      value: ms,
      unit: 'ms',
      reference: { ...reference, ratio: ms / value },
    });
    rows.push({ name: `n=${n} p=q=${p}: linear CKA value only (median of ${runs})`, value, unit: 'ms' });
    rows.push(
      row('biased + debiased values', await time(runs, () => cellStatistics(a, b, { intervalGroups: 0 }))),
    );
    rows.push(
      row('+ intervals, 20 groups', await time(runs, () => cellStatistics(a, b, { intervalGroups: 20 }))),
    );
    rows.push(
      row(
        `+ intervals, ${n} groups (delete-one)`,
        await time(runs, () => cellStatistics(a, b, { intervalGroups: n })),
      ),
    );
    for (const permutations of [20, 200]) {
      rows.push(
        row(
          `+ intervals (20) + null of ${permutations}`,
          await time(runs, () => cellStatistics(a, b, { intervalGroups: 20, permutations })),
        ),
      );
    }
    rows.push(
      row(
        'nullBaseline of 20, feature path (before)',
        await time(runs, () => nullBaseline(a, b, { permutations: 20 })),
      ),
    );
  }
  return rows;
}

async function time(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}
