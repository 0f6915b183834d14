import { describe, expect, it } from 'vitest';
import { offDiagonalMean, type SimilarityMatrix } from '../similarity/matrix.js';
import { crossArchitectureMeans, trendTest } from '../stats/trend-test.js';
import { robustAccuracyAt, similarityTrend, type TrendModel } from './trend.js';

/** A matrix from values alone, with the row/column means `naturalMatrix` would report. */
function matrix(kind: 'natural' | 'inverted', ids: string[], values: number[][]): SimilarityMatrix {
  const k = ids.length;
  const rowMeans = values.map((row, r) => (row.reduce((s, v) => s + v, 0) - row[r]!) / (k - 1));
  const columnMeans = ids.map(
    (_, c) => (values.reduce((s, row) => s + row[c]!, 0) - values[c]![c]!) / (k - 1),
  );
  return {
    kind,
    ids,
    layers: ids.map(() => 'representation'),
    metric: 'linear',
    values,
    cells: values.map((row) => row.map((value) => ({ value, n: 10, p: 4, q: 4 }))),
    offDiagonalMean: offDiagonalMean(values),
    rowMeans,
    columnMeans,
    nullPermutations: 0,
    bootstrapResamples: 0,
    seed: 0,
  };
}

const models: TrendModel[] = [
  { id: 'mlp-0', architecture: 'mlp', eps: 0, norm: 'l2' },
  { id: 'mlp-1', architecture: 'mlp', eps: 1, norm: 'l2' },
  { id: 'mlp-3', architecture: 'mlp', eps: 3, norm: 'l2' },
  { id: 'cnn-0', architecture: 'cnn', eps: 0, norm: 'l2' },
  { id: 'cnn-1', architecture: 'cnn', eps: 1, norm: 'l2' },
  { id: 'cnn-3', architecture: 'cnn', eps: 3, norm: 'l2' },
];
const ids = models.map((m) => m.id);
// S[r][c] rises with the row model's eps and, less, with the column model's.
const values = models.map((r) => models.map((c) => (r.id === c.id ? 1 : 0.2 + 0.1 * r.eps + 0.02 * c.eps)));

describe('similarityTrend', () => {
  it('tests eps against row and column means over other-architecture cells, shuffling within architecture', () => {
    const inv = matrix('inverted', ids, values);
    const trend = similarityTrend(models, { inverted: inv }, { permutations: 999, seed: 3 });
    const archs = models.map((m) => m.architecture);
    const cross = crossArchitectureMeans(values, archs);
    expect(trend.cells).toBe('cross-architecture');
    expect(trend.points.map((p) => p.invertedRowMean)).toEqual(cross.row);
    expect(trend.points.map((p) => p.invertedColumnMean)).toEqual(cross.column);
    // Not the all-others means: the same-architecture cells are left out.
    expect(trend.points[0]!.invertedRowMean).not.toBeCloseTo(inv.rowMeans[0]!, 6);
    expect(trend.points[0]!.naturalRowMean).toBeUndefined();
    const row = trend.correlations.find((c) => c.covariate === 'eps' && c.measure === 'invertedRowMean')!;
    const expected = trendTest(
      models.map((m) => m.eps),
      cross.row,
      archs,
      { permutations: 999, seed: 3 },
    );
    expect(row).toMatchObject({ group: 'all', norm: 'l2', n: 6, rho: expected.rho, p: expected.pValue });
    expect(row.test.shuffle).toBe('within-architecture');
    expect(row.test.slopes.map((s) => s.architecture)).toEqual(['mlp', 'cnn']);
    // Row means rise by 0.1 per unit of the row model's eps in both architectures.
    for (const slope of row.test.slopes) expect(slope.slope).toBeCloseTo(0.1, 12);
    // A perfect monotone trend in both architectures: only the identity shuffles (1 of 3! x 3!) reach it.
    expect(row.rho).toBeCloseTo(1, 12);
    expect(row.p).toBeLessThan(0.1);
    expect(trend.correlations.some((c) => c.measure.startsWith('natural'))).toBe(false);
  });

  it('does not count a baseline difference between architectures as a trend', () => {
    // The cnn models are more robust AND more similar to everything, but within each architecture similarity
    // does not move with eps: a correlation across all models, no trend within architecture.
    const shifted = models.map((m) => (m.architecture === 'cnn' ? { ...m, eps: m.eps + 4 } : m));
    const level = [0.2, 0.2, 0.2, 0.61, 0.62, 0.6]; // cnn: eps 4, 5, 7 -> middle, high, low
    const flat = shifted.map((_, i) => shifted.map((_, j) => (i === j ? 1 : level[i]!)));
    const trend = similarityTrend(
      shifted,
      { inverted: matrix('inverted', ids, flat) },
      { permutations: 999 },
    );
    const row = trend.correlations.find((c) => c.covariate === 'eps' && c.measure === 'invertedRowMean')!;
    expect(row.rho).toBeGreaterThan(0.5);
    expect(row.p).toBeGreaterThan(0.2);
  });

  it('tests measured robust accuracy too, over the models whose cards have it, and says which lack it', () => {
    const accuracy = [0.3, 0.6, 0.8, 0.2, 0.5, undefined];
    const withGrid = models.map((m, i) => ({ ...m, robustAccuracy: accuracy[i] }));
    const trend = similarityTrend(
      withGrid,
      { inverted: matrix('inverted', ids, values) },
      { robustness: { eps: 1, norm: 'l2' }, permutations: 99 },
    );
    expect(trend.robustness).toEqual({ eps: 1, norm: 'l2', missing: ['cnn-3'] });
    const row = trend.correlations.find(
      (c) => c.covariate === 'robustAccuracy' && c.measure === 'invertedRowMean',
    )!;
    expect(row.n).toBe(5);
    const kept = [0, 1, 2, 3, 4];
    const expected = trendTest(
      kept.map((i) => accuracy[i]!),
      kept.map((i) => trend.points[i]!.invertedRowMean!),
      kept.map((i) => models[i]!.architecture),
      { permutations: 99 },
    );
    expect([row.rho, row.p]).toEqual([expected.rho, expected.pValue]);
    expect(row.rho).toBeGreaterThan(0.8);
    expect(trend.notes.join('\n')).toMatch(/not on the cards of cnn-3/);
    const none = similarityTrend(
      models,
      { inverted: matrix('inverted', ids, values) },
      { robustness: { eps: 1, norm: 'l2' }, permutations: 99 },
    );
    expect(none.correlations.some((c) => c.covariate === 'robustAccuracy')).toBe(false);
    expect(none.notes).toContain(
      "robust accuracy at l2 eps 1: on no model's card (cards before zoo v2 have no robustness grid); not tested",
    );
  });

  it('tests nothing, and says why, when every model has the same architecture', () => {
    const one = models.map((m) => ({ ...m, architecture: 'mlp' }));
    const trend = similarityTrend(one, { inverted: matrix('inverted', ids, values) });
    expect(trend.correlations).toEqual([]);
    expect(trend.notes[0]).toMatch(/same architecture/);
  });

  it('averages similarity by the eps of the row and column models', () => {
    const trend = similarityTrend(models, { inverted: matrix('inverted', ids, values) });
    const block = trend.epsBlocks.inverted!.find((b) => b.rowEps === 3 && b.columnEps === 1)!;
    expect(block.cells).toBe(4);
    expect(block.mean).toBeCloseTo(0.2 + 0.3 + 0.02, 12);
    // Same eps on both sides excludes the diagonal: 2 architectures give 2 off-diagonal cells.
    expect(trend.epsBlocks.inverted!.find((b) => b.rowEps === 0 && b.columnEps === 0)!.cells).toBe(2);
  });

  it('correlates each threat model separately, with the standard models in both groups', () => {
    const mixed = models.map((m) =>
      m.architecture === 'cnn' && m.eps > 0 ? { ...m, norm: 'linf' as const } : m,
    );
    const trend = similarityTrend(mixed, { natural: matrix('natural', ids, values) });
    const all = trend.correlations.filter((c) => c.covariate === 'eps' && c.measure === 'naturalRowMean');
    expect(all.map((c) => [c.norm, c.n])).toEqual([
      ['l2', 4],
      ['linf', 4],
    ]);
  });

  it('skips, with a note, groups without 3 models or without 2 distinct eps', () => {
    const pick = [0, 3];
    const two = pick.map((i) => models[i]!);
    const sub = pick.map((r) => pick.map((c) => values[r]![c]!));
    const trend = similarityTrend(two, { inverted: matrix('inverted', ['mlp-0', 'cnn-0'], sub) });
    expect(trend.correlations).toEqual([]);
    const same = models.map((m) => ({ ...m, eps: 2 }));
    const flat = similarityTrend(same, { inverted: matrix('inverted', ids, values) });
    expect(flat.correlations).toEqual([]);
    expect(flat.notes.join('\n')).toMatch(/every model has eps 2/);
  });

  it('says why there is no eps trend when every model is standard, and qualifies robust accuracy within one eps', () => {
    const standard = models.map((m, i) => ({ ...m, eps: 0, robustAccuracy: 0.3 + 0.01 * i }));
    const trend = similarityTrend(
      standard,
      { inverted: matrix('inverted', ids, values) },
      { robustness: { eps: 1, norm: 'l2' }, permutations: 99 },
    );
    expect(trend.correlations.some((c) => c.covariate === 'eps')).toBe(false);
    expect(trend.correlations.some((c) => c.covariate === 'robustAccuracy')).toBe(true);
    expect(trend.notes).toContain(
      'training eps: not tested, every model has eps 0 (no adversarially trained model)',
    );
    const seedsOnly = /each architecture share one training eps, so it varies within an architecture only/;
    expect(trend.notes.join('\n')).toMatch(seedsOnly);
    const allRobust = similarityTrend(
      standard.map((m) => ({ ...m, eps: 2 })),
      { inverted: matrix('inverted', ids, values) },
      { robustness: { eps: 1, norm: 'l2' }, permutations: 99 },
    );
    expect(allRobust.notes.join('\n')).toMatch(seedsOnly);
    expect(allRobust.notes.join('\n')).not.toMatch(/no adversarially trained/);
    const robust = similarityTrend(
      models.map((m, i) => ({ ...m, robustAccuracy: 0.3 + 0.01 * i })),
      { inverted: matrix('inverted', ids, values) },
      { robustness: { eps: 1, norm: 'l2' }, permutations: 99 },
    );
    expect(robust.notes.join('\n')).not.toMatch(/no adversarially trained|only between seeds/);
  });

  it("reads robust accuracy from a card's grid at the asked eps and attack norm only", () => {
    const card = {
      evaluation: {
        robustnessGrid: [
          { eps: 0, accuracy: 0.9 },
          { eps: 1, accuracy: 0.7 },
        ],
        gridAttack: { norm: 'l2' as const },
      },
    };
    expect(robustAccuracyAt(card, 1, 'l2')).toBe(0.7);
    expect(robustAccuracyAt(card, 2, 'l2')).toBeUndefined();
    expect(robustAccuracyAt(card, 1, 'linf')).toBeUndefined();
    expect(robustAccuracyAt({ evaluation: {} }, 1, 'l2')).toBeUndefined();
    expect(robustAccuracyAt(undefined, 1, 'l2')).toBeUndefined();
  });

  it('refuses a matrix whose rows are other models', () => {
    expect(() =>
      similarityTrend(models.slice().reverse(), { inverted: matrix('inverted', ids, values) }),
    ).toThrow(/do not match/);
  });
});
