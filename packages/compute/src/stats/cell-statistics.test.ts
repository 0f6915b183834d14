import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { CancelledError, InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { createRng } from '../random.js';
import type { Activations } from '../similarity/activations.js';
import { cka } from '../similarity/cka.js';
import { debiasedCka } from '../similarity/debiased-cka.js';
import { linearCka } from '../similarity/linear-cka.js';
import { takeRows } from '../similarity/rows.js';
import { cellStatistics } from './cell-statistics.js';
import { createInputGroups } from './input-groups.js';
import { jackknifeInterval } from './jackknife.js';

const rng = createRng(12);
const n = 40;
const a: Activations = { data: Float32Array.from({ length: n * 9 }, () => rng.normal()), n, p: 9 };
// B sees the first 6 units of A through noise: related, not identical.
const b: Activations = {
  data: Float32Array.from(
    { length: n * 6 },
    (_, k) => a.data[Math.floor(k / 6) * 9 + (k % 6)]! + rng.normal(),
  ),
  n,
  p: 6,
};

beforeAll(async () => {
  await initBackend();
});

describe('cellStatistics', () => {
  it('reports biased and debiased CKA as linearCka and debiasedCka give them (to 1e-6), with n, p, q', async () => {
    const cell = await cellStatistics(a, b, { intervalGroups: 8 });
    expect(cell).toMatchObject({
      n,
      p: 9,
      q: 6,
      path: 'gram',
      groups: { count: 8, seed: 0 },
      permutations: 0,
    });
    expect(cell.biased.value).toBeCloseTo((await linearCka(a, b)).value, 6);
    expect(cell.debiased.value).toBeCloseTo((await debiasedCka(a, b)).value, 6);
  });

  it('builds each interval from its leave-one-group-out replicates by the jackknife, at the level asked', async () => {
    const cell = await cellStatistics(a, b, { intervalGroups: 8, level: 0.9 });
    for (const m of [cell.biased, cell.debiased]) {
      expect(m.replicates).toHaveLength(8);
      expect(m.interval).toEqual(jackknifeInterval(m.value, m.replicates!, { level: 0.9 }));
      expect(m.interval!.lower).toBeLessThan(m.value);
      expect(m.interval!.upper).toBeGreaterThan(m.value);
    }
  });

  it('uses the groups it is given, so that two cells on the same inputs share them', async () => {
    const groups = createInputGroups(n, 5, 3);
    const cell = await cellStatistics(a, b, { groups });
    expect(cell.groups).toEqual({ count: 5, seed: 3 });
    const kept = Array.from({ length: n }, (_, i) => i).filter((i) => groups.groupOf[i] !== 2);
    const direct = await debiasedCka(takeRows(a, kept), takeRows(b, kept));
    expect(cell.debiased.replicates![2]).toBeCloseTo(direct.value, 6);
  });

  it('gives the same values, replicates and nulls on the Gram and the feature path (to 1e-5)', async () => {
    const options = { intervalGroups: 6, permutations: 5, seed: 4 };
    const gram = await cellStatistics(a, b, { ...options, path: 'gram' });
    const features = await cellStatistics(a, b, { ...options, path: 'features' });
    expect(features.path).toBe('features');
    for (const m of ['biased', 'debiased'] as const) {
      expect(features[m].value).toBeCloseTo(gram[m].value, 5);
      for (const [g, v] of features[m].replicates!.entries())
        expect(v).toBeCloseTo(gram[m].replicates![g]!, 5);
      expect(features[m].null!.mean).toBeCloseTo(gram[m].null!.mean, 5);
      expect(features[m].null!.pValue).toBe(gram[m].null!.pValue);
    }
  });

  it('computes the null from shuffles of B: mean and std as CKA of A against rng.permutation shuffles', async () => {
    const cell = await cellStatistics(a, b, { permutations: 4, seed: 9, intervalGroups: 0 });
    const shuffle = createRng(9);
    const values: number[] = [];
    for (let s = 0; s < 4; s++) {
      values.push((await cka(a, takeRows(b, shuffle.permutation(n)), { metric: 'debiased' })).value);
    }
    const mean = values.reduce((s, v) => s + v, 0) / 4;
    expect(cell.debiased.null!.mean).toBeCloseTo(mean, 6);
    expect(cell.debiased.null!.permutations).toBe(4);
    expect(cell.debiased.interval).toBeUndefined();
    expect(cell.debiased.replicates).toBeUndefined();
  });

  it('gives p = 1/(K+1) for a strong relation and a large p-value for unrelated sides', async () => {
    const related = await cellStatistics(a, b, { permutations: 19, intervalGroups: 0 });
    expect(related.biased.null!.pValue).toBeCloseTo(1 / 20, 12);
    expect(related.debiased.null!.pValue).toBeCloseTo(1 / 20, 12);
    const noise: Activations = { data: Float32Array.from({ length: n * 6 }, () => rng.normal()), n, p: 6 };
    const unrelated = await cellStatistics(a, noise, { permutations: 19, intervalGroups: 0 });
    expect(unrelated.debiased.null!.pValue).toBeGreaterThan(0.05);
  });

  it('refuses groups made for another n, and a group count out of range, saying what to do', async () => {
    await expect(cellStatistics(a, b, { groups: createInputGroups(30, 5) })).rejects.toThrow(
      ShapeMismatchError,
    );
    await expect(cellStatistics(a, b, { groups: createInputGroups(30, 5) })).rejects.toThrow(
      /n = 30.*n = 40/,
    );
    await expect(cellStatistics(a, b, { intervalGroups: 1 })).rejects.toThrow(InvalidArgumentError);
  });

  it('caps the group count at n (the delete-one jackknife)', async () => {
    const cell = await cellStatistics(a, b, { intervalGroups: 500 });
    expect(cell.groups!.count).toBe(n);
  });

  it('stops when its signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(cellStatistics(a, b, { signal: controller.signal })).rejects.toThrow(CancelledError);
  });

  it('leaves no tensors behind on either path', async () => {
    const before = tf.memory().numTensors;
    await cellStatistics(a, b, { permutations: 2, intervalGroups: 3, path: 'gram' });
    await cellStatistics(a, b, { permutations: 2, intervalGroups: 3, path: 'features' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
