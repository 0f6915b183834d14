import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TrendChart } from './trend-chart';
import { buildTrendSeries, formatSpearman, summarizeTrend } from './trend-series';

const trend = {
  points: [
    { modelId: 'v1', architectureId: 'vgg', eps: 1, rowMean: 0.6, columnMean: 0.5 },
    { modelId: 'm0', architectureId: 'mlp', eps: 0, rowMean: 0.2, columnMean: 0.25 },
    { modelId: 'v0', architectureId: 'vgg', eps: 0, rowMean: 0.3, columnMean: 0.35 },
    { modelId: 'm1', architectureId: 'mlp', eps: 1, rowMean: 0.4, columnMean: 0.45 },
  ],
  architectures: [
    { architectureId: 'mlp', rowSpearman: 1, columnSpearman: 0.5 },
    { architectureId: 'vgg', rowSpearman: 1, columnSpearman: null },
  ],
  rowSpearman: 0.8,
  columnSpearman: 0.4,
};

describe('buildTrendSeries', () => {
  it('makes one eps-sorted line per architecture from the chosen mean, with its Spearman', () => {
    const series = buildTrendSeries(trend, 'inverted', 'row');
    expect(series.map((s) => s.architectureId)).toEqual(['mlp', 'vgg']);
    expect(series[1]!.points).toEqual([
      { x: 0, value: 0.3, modelId: 'v0' },
      { x: 1, value: 0.6, modelId: 'v1' },
    ]);
    expect(series[1]!.note).toBe('ρ = 1.00');
    expect(buildTrendSeries(trend, 'inverted', 'column')[1]!.note).toBe('ρ n/a');
  });

  it('summarises all models with the matching overall Spearman', () => {
    expect(summarizeTrend(trend, 'natural', 'column')).toEqual({ source: 'natural', spearman: 0.4 });
    expect(formatSpearman(null)).toBe('ρ n/a');
    expect(formatSpearman(0.4)).toBe('ρ = 0.40');
  });
});

describe('TrendChart', () => {
  it('draws one line per architecture and source, dashed for natural', () => {
    const series = [
      ...buildTrendSeries(trend, 'inverted', 'row'),
      ...buildTrendSeries(trend, 'natural', 'row'),
    ];
    const html = renderToStaticMarkup(
      <TrendChart
        series={series}
        summaries={[summarizeTrend(trend, 'inverted', 'row'), summarizeTrend(trend, 'natural', 'row')]}
        yLabel="mean CKA"
      />,
    );
    expect(html.match(/data-testid="trend-line"/g)).toHaveLength(4);
    expect(html.match(/stroke-dasharray="6 4"/g)).toHaveLength(2);
    expect(html.match(/<circle/g)).toHaveLength(8);
    expect(html).toContain('inverted ρ = 0.80');
  });
});
