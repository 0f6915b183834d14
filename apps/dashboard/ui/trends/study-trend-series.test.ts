import { describe, expect, it } from 'vitest';
import { formatTrendTest, studyTrendSeries } from './study-trend-series';

const point = (
  modelId: string,
  architectureId: string,
  eps: number,
  robustAccuracy: number | null,
  v: number,
) => ({
  modelId,
  architectureId,
  eps,
  robustAccuracy,
  invertedRowMean: v,
  invertedColumnMean: v / 2,
  naturalRowMean: v + 0.1,
  naturalColumnMean: null,
});

const trend = {
  points: [
    point('m1', 'mlp', 1, 0.6, 0.4),
    point('m0', 'mlp', 0, 0.1, 0.2),
    point('v0', 'vgg', 0, null, 0.3),
  ],
  tests: [
    {
      source: 'inverted',
      axis: 'row',
      covariate: 'EPS' as const,
      rho: 0.5,
      pValue: 0.0123,
      slopes: [
        { architectureId: 'mlp', slope: 0.2 },
        { architectureId: 'vgg', slope: null },
      ],
    },
  ],
};

describe('studyTrendSeries', () => {
  it('draws a line per architecture and source against eps, with the test’s rho, permutation p and slopes', () => {
    const { series, summaries } = studyTrendSeries(trend, 'EPS', 'row');
    const inverted = series.filter((s) => s.source === 'inverted');
    expect(inverted.map((s) => [s.architectureId, s.note])).toEqual([
      ['mlp', 'slope +0.200'],
      ['vgg', 'slope n/a'],
    ]);
    expect(inverted[0]!.points).toEqual([
      { x: 0, value: 0.2, modelId: 'm0' },
      { x: 1, value: 0.4, modelId: 'm1' },
    ]);
    expect(summaries[0]).toEqual({ source: 'inverted', spearman: 0.5, p: 0.0123 });
    expect(formatTrendTest(summaries[0]!)).toBe('ρ = 0.50, permutation p = 0.012');
    // Natural row means exist but were not tested here: a line without a test.
    expect(summaries[1]).toEqual({ source: 'natural', spearman: null, p: null });
  });

  it('plots robust accuracy only for models that have it, and leaves out means that are missing', () => {
    const { series } = studyTrendSeries(trend, 'ROBUST_ACCURACY', 'column');
    expect(series.map((s) => `${s.source} ${s.architectureId} ${s.points.length}`)).toEqual([
      'inverted mlp 2',
    ]);
  });
});
