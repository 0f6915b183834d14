import { describe, expect, it } from 'vitest';
import { assembleMatrix, type MatrixCell } from '../similarity/matrix.js';
import {
  matrixSignificance,
  offDiagonalMeans,
  studyHeadlines,
  withoutReplicates,
} from './study-statistics.js';

const models = [
  { architecture: 'mlp', eps: 0 },
  { architecture: 'mlp', eps: 0 },
  { architecture: 'cnn', eps: 0 },
  { architecture: 'cnn', eps: 1 },
];

/** A cell with value v (debiased v, biased v + 0.1), 3 replicates around it, and a null p-value p. */
function cell(v: number, p: number): MatrixCell {
  const metric = (x: number) => ({
    value: x,
    replicates: [x - 0.01, x, x + 0.01],
    null: { observed: x, mean: 0, std: 0.01, pValue: p, permutations: 19 },
  });
  return { value: v + 0.1, n: 30, p: 4, q: 4, biased: metric(v + 0.1), debiased: metric(v) };
}
const grid = (f: (r: number, c: number) => number, p: (r: number, c: number) => number) =>
  models.map((_, r) => models.map((_, c) => cell(r === c ? 1 : f(r, c), p(r, c))));
const options = { metric: 'linear' as const, nullPermutations: 19, intervalGroups: 3, seed: 0 };

describe('studyHeadlines', () => {
  const natural = assembleMatrix(
    'natural',
    ['a', 'b', 'c', 'd'],
    [],
    grid(
      () => 0.8,
      () => 0.05,
    ),
    options,
  );
  const inverted = assembleMatrix(
    'inverted',
    ['a', 'b', 'c', 'd'],
    [],
    grid(
      (r, c) => (r + c) / 10,
      () => 0.05,
    ),
    options,
  );
  const h = studyHeadlines(natural, inverted, models, { level: 0.95, n: 30 })!;

  it('averages the like-for-like cells of both matrices and their paired difference', () => {
    expect(h.paper!.inverted.cells).toBe(4); // (0|1, 2) both ways
    expect(h.crossArchitecture!.inverted.cells).toBe(8);
    expect(h.sameArchitecture!.inverted.cells).toBe(4);
    expect(h.paper!.inverted.debiased.mean).toBeCloseTo((0.2 + 0.3 + 0.2 + 0.3) / 4, 12);
    expect(h.paper!.difference.debiased.mean).toBeCloseTo(0.8 - 0.25, 12);
    expect(h.paper!.difference.biased.mean).toBeCloseTo(0.8 - 0.25, 12);
    expect(h.covers.biased).toContain('(n = 30), not the population value');
  });

  it('averages seed replicates (same architecture and eps) apart from eps siblings', () => {
    expect(h.replicates!.inverted.cells).toBe(2);
    expect(h.replicates!.inverted.debiased.mean).toBeCloseTo(0.1, 12);
    expect(h.replicates!.natural.debiased.interval?.groups).toBe(3);
    const distinct = models.map((m, i) => ({ ...m, eps: i }));
    expect(studyHeadlines(natural, inverted, distinct, { level: 0.95, n: 30 })!.replicates).toBeNull();
  });
});

describe('matrixSignificance', () => {
  it('corrects the off-diagonal debiased p-values, a symmetric pair once, and counts the marks', () => {
    const p = (r: number, c: number) => (r + c === 5 ? 0.5 : 0.01);
    const matrix = assembleMatrix(
      'natural',
      ['a', 'b', 'c', 'd'],
      [],
      grid(() => 0.5, p),
      options,
    );
    const s = matrixSignificance(matrix, true)!;
    expect([s.tests, s.symmetric, s.canReject, s.pValues]).toEqual([6, true, true, 'debiased']);
    // Pair (2, 3) has p 0.5: BH-adjusted 0.5, not distinguishable; the other five 0.012.
    expect(s.distinguishable[2]![3]).toBe(false);
    expect(s.distinguishable[3]![2]).toBe(false);
    expect(s.adjusted[0]![1]).toBeCloseTo(0.012, 12);
    expect(s.distinguishableCount).toBe(5);
    expect(s.distinguishable[1]![1]).toBeNull();
    const few = matrixSignificance({ ...matrix, nullPermutations: 9 }, true)!;
    expect(few.canReject).toBe(false);
    const none = assembleMatrix(
      'natural',
      ['a', 'b'],
      [],
      [
        [
          { value: 1, n: 3, p: 1, q: 1 },
          { value: 0.2, n: 3, p: 1, q: 1 },
        ],
        [
          { value: 0.2, n: 3, p: 1, q: 1 },
          { value: 1, n: 3, p: 1, q: 1 },
        ],
      ],
      options,
    );
    expect(matrixSignificance(none, true)).toBeUndefined();
  });
});

describe('report cells', () => {
  it('drop their replicates and keep values, intervals and nulls; means over the off-diagonal', () => {
    const cells = grid(
      () => 0.4,
      () => 0.2,
    );
    const stripped = withoutReplicates({ cells }).cells;
    expect(stripped[0]![1]!.debiased).toEqual({ value: 0.4, null: cells[0]![1]!.debiased!.null });
    expect(cells[0]![1]!.debiased!.replicates).toHaveLength(3);
    expect(offDiagonalMeans(cells)!.biased).toBeCloseTo(0.5, 12);
  });
});
