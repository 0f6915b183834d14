import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { renderHeatmapSvg, viridis } from './heatmap-svg.js';
import { renderTrendSvg } from './trend-svg.js';

describe('viridis', () => {
  it("runs from matplotlib's dark purple to yellow, clamps, and greys out NaN", () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(0.5)).toBe('#21918c');
    expect(viridis(1)).toBe('#fde725');
    expect(viridis(-3)).toBe('#440154');
    expect(viridis(7)).toBe('#fde725');
    expect(viridis(Number.NaN)).toBe('#bbbbbb');
  });
});

describe('renderHeatmapSvg', () => {
  const labels = ['a', 'b<c'];
  const values = [
    [1, 0.25],
    [0.5, 0.999],
  ];

  it('draws one coloured cell per value with the value printed, and escapes labels', () => {
    const svg = renderHeatmapSvg({
      panels: [
        { title: 'natural', values },
        { title: 'inverted', values },
      ],
      labels,
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect x="\d+" y="\d+" width="34"/g)).toHaveLength(8);
    expect(svg).toContain(`fill="${viridis(0.25)}"`);
    expect(svg).toContain('>0.25</text>');
    expect(svg).toContain('>1.00</text>');
    expect(svg).toContain('b&#60;c');
    expect(svg).not.toContain('b<c');
  });

  it('refuses a panel whose size differs from the labels', () => {
    expect(() => renderHeatmapSvg({ panels: [{ title: 'x', values: [[1]] }], labels })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('renderTrendSvg', () => {
  it('draws a point per model and a line per architecture, with a legend', () => {
    const svg = renderTrendSvg({
      xLabel: 'eps',
      yLabel: 'mean CKA',
      panels: [
        {
          title: 'inverted',
          subtitle: 'rho 0.5',
          series: {
            mlp: [
              { x: 0, y: 0.2 },
              { x: 1, y: 0.4 },
            ],
            cnn: [{ x: 2, y: 0.6 }],
          },
        },
      ],
    });
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg.match(/<polyline/g)).toHaveLength(3); // axes + 2 series
    expect(svg).toContain('>mlp</text>');
    expect(svg).toContain('>cnn</text>');
  });

  it('refuses a chart without points', () => {
    expect(() => renderTrendSvg({ xLabel: 'x', yLabel: 'y', panels: [{ title: 't', series: {} }] })).toThrow(
      InvalidArgumentError,
    );
  });

  it('labels many distinct x values with five even ticks, and names x in tooltips', () => {
    const xs = [0.11, 0.23, 0.37, 0.42, 0.55, 0.61, 0.78, 0.83, 0.9];
    const svg = renderTrendSvg({
      xLabel: 'accuracy',
      yLabel: 'CKA',
      xName: 'robust accuracy',
      panels: [{ title: 't', series: { a: xs.map((x) => ({ x, y: x / 2 })) } }],
    });
    expect(svg).toContain('>0.11</text>');
    expect(svg).toContain('>0.90</text>');
    expect(svg).not.toContain('>0.23</text>');
    expect(svg).toContain('a: robust accuracy 0.23, 0.115');
  });
});

describe('renderHeatmapSvg marks', () => {
  it('strikes through the marked cells only and prints the footnote', () => {
    const svg = renderHeatmapSvg({
      labels: ['a', 'b'],
      panels: [
        {
          title: 'p',
          values: [
            [1, 0.1],
            [0.2, 1],
          ],
          marks: [
            [null, true],
            [false, null],
          ],
        },
      ],
      footnote: `Struck through: not distinguishable ${'from the null '.repeat(8)}end.`,
    });
    expect(svg.match(/<line /g)).toHaveLength(1);
    // Wrapped at the figure's width into several lines, no word lost.
    const lines = [...svg.matchAll(/<text x="10" [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(`Struck through: not distinguishable ${'from the null '.repeat(8)}end.`);
    expect(() =>
      renderHeatmapSvg({
        labels: ['a', 'b'],
        panels: [
          {
            title: 'p',
            values: [
              [1, 0],
              [0, 1],
            ],
            marks: [[true]],
          },
        ],
      }),
    ).toThrow(InvalidArgumentError);
  });
});
