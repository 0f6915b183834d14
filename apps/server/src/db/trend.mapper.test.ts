import { type SimilarityTrend, similarityTrend } from '@simlab/compute';
import { describe, expect, it } from 'vitest';
import { toTrend } from './trend.mapper.js';

/** An inverted matrix of three models a, b, c (row: the model whose inversions; column: the model judged). */
const VALUES = [
  [1, 0.5, 0.4],
  [0.6, 1, 0.3],
  [0.2, 0.7, 1],
];

/** The trend of a, b, c of these architectures and eps 0, 1, 2 as the server serves it. */
function servedTrend(architectures: [string, string, string]) {
  const ids = ['a', 'b', 'c'];
  const models = ids.map((id, i) => ({ id, architecture: architectures[i]!, eps: i, norm: 'l2' as const }));
  const inverted = {
    kind: 'inverted' as const,
    metric: 'linear' as const,
    ids,
    values: VALUES,
    cells: VALUES.map((row) => row.map((value) => ({ value }))),
  };
  const trend = similarityTrend(models, { inverted: inverted as never }) as SimilarityTrend;
  return toTrend({ id: 'm', source: 'inverted', modelIds: ids, trend })!;
}

describe('toTrend', () => {
  it('gives null means, never NaN, when every model has one architecture', () => {
    const served = servedTrend(['mlp', 'mlp', 'mlp']);
    expect(served.points.map((p) => [p.rowMean, p.columnMean])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(served.rowSpearman).toBeNull();
  });

  it('gives each model its mean over the other architectures', () => {
    const served = servedTrend(['mlp', 'vgg', 'vgg']);
    // a's row over b and c; b's row over a only (c shares its architecture); c's column over a only.
    expect(served.points[0]!.rowMean).toBeCloseTo(0.45, 12);
    expect(served.points[1]!.rowMean).toBeCloseTo(0.6, 12);
    expect(served.points[2]!.columnMean).toBeCloseTo(0.4, 12);
  });
});
