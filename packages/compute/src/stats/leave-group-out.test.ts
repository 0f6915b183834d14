import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng } from '../random.js';
import type { Activations } from '../similarity/activations.js';
import { debiasedCka } from '../similarity/debiased-cka.js';
import { linearCka } from '../similarity/linear-cka.js';
import { takeRows } from '../similarity/rows.js';
import { centredGram } from './centred-gram.js';
import { createInputGroups } from './input-groups.js';
import { leaveGroupOutCka } from './leave-group-out.js';

const rng = createRng(5);
const n = 23; // not a multiple of the group counts below: groups of unequal size
const a: Activations = { data: Float64Array.from({ length: n * 7 }, () => rng.normal() + 3), n, p: 7 };
// B sees the first 5 units of A through noise.
const b: Activations = {
  data: Float64Array.from(
    { length: n * 5 },
    (_, k) => a.data[Math.floor(k / 5) * 7 + (k % 5)]! + rng.normal(),
  ),
  n,
  p: 5,
};

beforeAll(async () => {
  await initBackend();
});

/** The rows of x that are not in group e. */
function without(x: Activations, groupOf: Int32Array, e: number): Activations {
  const kept = Int32Array.from(Array.from({ length: x.n }, (_, i) => i).filter((i) => groupOf[i] !== e));
  return takeRows(x, kept);
}

describe('leaveGroupOutCka', () => {
  it('gives linear and debiased CKA on all inputs as the direct computations do (to 1e-6)', async () => {
    const groups = createInputGroups(n, 4, 1);
    const result = leaveGroupOutCka(await centredGram(a), await centredGram(b), groups);
    expect(result.full.biased).toBeCloseTo((await linearCka(a, b)).value, 6);
    expect(result.full.debiased).toBeCloseTo((await debiasedCka(a, b)).value, 6);
  });

  it('gives, for each left-out group, the CKA recomputed from the remaining rows (re-centred), to 1e-6', async () => {
    for (const count of [2, 5, n]) {
      const groups = createInputGroups(n, count, 7);
      const result = leaveGroupOutCka(await centredGram(a), await centredGram(b), groups);
      for (let e = 0; e < count; e++) {
        const x = without(a, groups.groupOf, e);
        const y = without(b, groups.groupOf, e);
        expect(result.replicates.biased[e]).toBeCloseTo((await linearCka(x, y)).value, 6);
        expect(result.replicates.debiased[e]).toBeCloseTo((await debiasedCka(x, y)).value, 6);
      }
    }
  });
});
