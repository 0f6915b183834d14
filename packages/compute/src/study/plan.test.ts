import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { STIR_DEFAULTS } from '../stir/stir-settings.js';
import { inversionKey } from './inversion-cache.js';
import { planStudy, type StudySpec } from './plan.js';
import { resolveStudyParams } from './study-params.js';

const model = (id: string, eps = 0) => ({
  id,
  architecture: 'mlp',
  eps,
  norm: 'l2' as const,
  weightsHash: id.repeat(8),
});
const spec: StudySpec = {
  models: [model('a'), model('b', 1), model('c', 2)],
  dataset: {
    name: 'toy',
    source: 'memory',
    hash: 'd'.repeat(64),
    count: 40,
    imageShape: [2, 2, 1],
    labels: Array.from({ length: 40 }, (_, i) => i % 4),
  },
  params: resolveStudyParams('quick', { pairs: 10, inversion: { batchSize: 4 } }),
};

describe('planStudy', () => {
  it('plans one inversion per model, the natural upper triangle and every inverted cell by row', () => {
    const plan = planStudy(spec);
    expect(plan.pairs.count).toBe(10);
    expect(plan.inversions.map((u) => [u.row, u.modelId, u.batches])).toEqual([
      [0, 'a', 3],
      [1, 'b', 3],
      [2, 'c', 3],
    ]);
    expect(plan.inversions[1]!.key).toBe(inversionKey(plan.inversions[1]!.request));
    expect(plan.inversions[1]!.request.seedIndices).toEqual(plan.pairs.seedIndices);
    expect(plan.natural.cells).toEqual([
      { a: 0, b: 0 },
      { a: 0, b: 1 },
      { a: 0, b: 2 },
      { a: 1, b: 1 },
      { a: 1, b: 2 },
      { a: 2, b: 2 },
    ]);
    expect(plan.inverted[2]).toEqual({
      images: { kind: 'inverted', row: 2 },
      cells: [
        { a: 2, b: 0 },
        { a: 2, b: 1 },
        { a: 2, b: 2 },
      ],
    });
    expect(plan.dataset).not.toHaveProperty('labels');
  });

  it("draws the pairs from the study's images only, with the dataset's indices, and records the range", () => {
    const images = { from: 20, to: 40, count: 20, rule: 'held-out' as const, reason: 'r', notes: [] };
    const plan = planStudy({ ...spec, images });
    expect(plan.images).toBe(images);
    const drawn = [...plan.pairs.seedIndices, ...plan.pairs.targetIndices];
    expect(drawn.every((i) => i >= 20 && i < 40)).toBe(true);
    expect(plan.inversions[0]!.request.targetIndices).toEqual(plan.pairs.targetIndices);
    // Without a range: the whole dataset, said so.
    expect(planStudy(spec).images).toMatchObject({ from: 0, to: 40, rule: 'whole-dataset' });
  });

  it('gives the same plan for the same spec, and other keys for other settings', () => {
    expect(planStudy(spec)).toEqual(planStudy(spec));
    const other = planStudy({ ...spec, params: { ...spec.params, pairSeed: 1 } });
    expect(other.inversions[0]!.key).not.toBe(planStudy(spec).inversions[0]!.key);
  });

  it('plans no convergence and no STIR by default, and keeps the inversion keys of such studies', () => {
    const plan = planStudy(spec);
    expect(plan.convergence).toEqual([]);
    expect(plan.stir).toBeUndefined();
    expect(plan.inversions[0]!.request).not.toHaveProperty('checkpoints');
  });

  it('plans checkpoints below the last iteration and a cells unit per row at each, without nulls', () => {
    const params = resolveStudyParams('quick', {
      pairs: 10,
      inversion: { iterations: 100, batchSize: 4 },
      convergence: [500, 10, 50, 100],
    });
    const plan = planStudy({ ...spec, params });
    expect(plan.inversions[0]!.request.checkpoints).toEqual([10, 50]);
    expect(plan.inversions[0]!.key).not.toBe(planStudy(spec).inversions[0]!.key);
    expect(plan.convergence.map((c) => c.iteration)).toEqual([10, 50]);
    expect(plan.convergence[1]!.rows[2]).toEqual({
      images: { kind: 'checkpoint', row: 2, iteration: 50 },
      cells: plan.inverted[2]!.cells,
      nullPermutations: 0,
    });
  });

  it("plans STIR: per model X' from noise towards the targets with its own settings, and its row", () => {
    const params = resolveStudyParams('quick', { pairs: 10, stir: { inversion: { iterations: 7 } } });
    const plan = planStudy({ ...spec, params });
    const [unit] = plan.stir!.inversions;
    expect(unit!.request).toMatchObject({
      seedIndices: [],
      targetIndices: plan.pairs.targetIndices,
      seedNoise: { distribution: 'normal', seed: 0 },
      settings: { ...STIR_DEFAULTS.inversion, iterations: 7 },
    });
    expect(unit!.batches).toBe(1); // 10 targets in batches of 32
    expect(new Set(plan.stir!.inversions.map((u) => u.key)).size).toBe(3);
    expect(unit!.key).not.toBe(plan.inversions[0]!.key);
    expect(plan.stir!.rows[1]).toEqual({ row: 1, columns: [0, 1, 2] });
  });

  it('refuses a single model and a repeated id', () => {
    expect(() => planStudy({ ...spec, models: [model('a')] })).toThrow(InvalidArgumentError);
    expect(() => planStudy({ ...spec, models: [model('a'), model('a')] })).toThrow(/appears twice/);
  });
});
