import { describe, expect, it } from 'vitest';
import { offDiagonalMean, type SimilarityMatrix } from '../similarity/matrix.js';
import { spearman } from '../similarity/rank-correlation.js';
import { similarityTrend, type TrendModel } from './trend.js';

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
  it('reports row and column means per model and Spearman of eps against them, overall and per architecture', () => {
    const trend = similarityTrend(models, { inverted: matrix('inverted', ids, values) });
    const inv = matrix('inverted', ids, values);
    expect(trend.points.map((p) => p.invertedRowMean)).toEqual(inv.rowMeans);
    expect(trend.points.map((p) => p.invertedColumnMean)).toEqual(inv.columnMeans);
    expect(trend.points[0]!.naturalRowMean).toBeUndefined();
    const overall = trend.correlations.find((c) => c.group === 'all' && c.measure === 'invertedRowMean')!;
    const expected = spearman(
      models.map((m) => m.eps),
      inv.rowMeans,
    );
    expect(overall.rho).toBeCloseTo(expected.rho, 12);
    expect(overall.p).toBeCloseTo(expected.p, 12);
    expect(overall.n).toBe(6);
    const mlp = trend.correlations.find((c) => c.group === 'mlp' && c.measure === 'invertedRowMean')!;
    expect(mlp.rho).toBeCloseTo(1, 12);
    expect(mlp.n).toBe(3);
    expect(trend.correlations.some((c) => c.measure.startsWith('natural'))).toBe(false);
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
    const all = trend.correlations.filter((c) => c.group === 'all' && c.measure === 'naturalRowMean');
    expect(all.map((c) => [c.norm, c.n])).toEqual([
      ['l2', 4],
      ['linf', 4],
    ]);
  });

  it('skips groups without 3 models or without 2 distinct eps', () => {
    const two = models.slice(0, 2);
    const sub = values.slice(0, 2).map((row) => row.slice(0, 2));
    expect(
      similarityTrend(two, { inverted: matrix('inverted', ['mlp-0', 'mlp-1'], sub) }).correlations,
    ).toEqual([]);
  });

  it('refuses a matrix whose rows are other models', () => {
    expect(() =>
      similarityTrend(models.slice().reverse(), { inverted: matrix('inverted', ids, values) }),
    ).toThrow(/do not match/);
  });
});
