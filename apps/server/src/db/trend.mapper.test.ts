import { type SimilarityTrend, similarityTrend } from '@simlab/compute';
import { describe, expect, it } from 'vitest';
import { toTrend } from './trend.mapper.js';

const matrix = (ids: string[], values: number[][]) => ({
  kind: 'inverted' as const,
  metric: 'linear' as const,
  ids,
  values,
  cells: values.map((row) => row.map((value) => ({ value }))),
});

describe('toTrend', () => {
  it('gives null means, never NaN, when every model has one architecture', () => {
    const models = ['a', 'b', 'c'].map((id, i) => ({ id, architecture: 'mlp', eps: i, norm: 'l2' as const }));
    const trend = similarityTrend(models, {
      inverted: matrix(
        ['a', 'b', 'c'],
        [
          [1, 0.5, 0.4],
          [0.6, 1, 0.3],
          [0.2, 0.7, 1],
        ],
      ) as never,
    }) as SimilarityTrend;
    const mapped = toTrend({ id: 'm', source: 'inverted', modelIds: ['a', 'b', 'c'], trend })!;
    expect(mapped.points.map((p) => [p.rowMean, p.columnMean])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(mapped.rowSpearman).toBeNull();
  });

  it('gives each model its mean over the other architectures', () => {
    const models = [
      { id: 'a', architecture: 'mlp', eps: 0, norm: 'l2' as const },
      { id: 'b', architecture: 'vgg', eps: 0, norm: 'l2' as const },
      { id: 'c', architecture: 'vgg', eps: 1, norm: 'l2' as const },
    ];
    const trend = similarityTrend(models, {
      inverted: matrix(
        ['a', 'b', 'c'],
        [
          [1, 0.5, 0.4],
          [0.6, 1, 0.3],
          [0.2, 0.7, 1],
        ],
      ) as never,
    }) as SimilarityTrend;
    const mapped = toTrend({ id: 'm', source: 'inverted', modelIds: ['a', 'b', 'c'], trend })!;
    // a's row over b and c; b's row over a only (c shares its architecture).
    expect(mapped.points[0]!.rowMean).toBeCloseTo(0.45, 12);
    expect(mapped.points[1]!.rowMean).toBeCloseTo(0.6, 12);
    expect(mapped.points[2]!.columnMean).toBeCloseTo(0.4, 12);
  });
});
