import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createColorScale } from '../charts/color-scale';
import { Heatmap, PENDING_FILL } from './heatmap';
import { HeatmapPair } from './heatmap-pair';

const labels = ['mlp ε=0', 'mlp ε=1', 'vgg ε=0'];
const values = [
  [1, 0.5, null],
  [0.5, 1, 0.25],
  [null, 0.25, 1],
];
const noop = () => {};

function render(active: { row: number; col: number } | null = null): string {
  return renderToStaticMarkup(
    <Heatmap
      id="natural"
      title="Natural"
      labels={labels}
      values={values}
      scale={createColorScale()}
      active={active}
      onActiveChange={noop}
    />,
  );
}

const count = (html: string, needle: RegExp) => html.match(needle)?.length ?? 0;

describe('Heatmap', () => {
  it('draws k x k grid cells, each labelled with both models and its value', () => {
    const html = render();
    expect(count(html, /role="gridcell"/g)).toBe(9);
    expect(html).toContain('aria-label="mlp ε=1 vs vgg ε=0: 0.250"');
    expect(html).toContain('aria-label="mlp ε=0 vs vgg ε=0: pending"');
    expect(count(html, /role="columnheader"/g)).toBe(3);
    expect(count(html, /role="rowheader"/g)).toBe(3);
  });

  it('colours cells by value with viridis and pending cells grey', () => {
    const html = render();
    expect(html).toMatch(/data-row="0" data-col="0" data-value="1"[^>]*fill="#fde725"/);
    expect(html).toMatch(/data-row="0" data-col="2" data-value=""[^>]*fill="#e7e5e4"/);
    expect(PENDING_FILL).toBe('#e7e5e4');
  });

  it('has exactly one tab stop: the selected cell, or the first when nothing is selected', () => {
    expect(count(render(), /tabindex="0"/g)).toBe(1);
    expect(render()).toMatch(/tabindex="0" data-row="0" data-col="0"/);
    expect(render({ row: 2, col: 1 })).toMatch(/tabindex="0" data-row="2" data-col="1"/);
  });

  it('draws a focus ring on the selected cell only', () => {
    expect(render()).not.toContain('natural-focus-ring');
    expect(render({ row: 1, col: 2 })).toContain('data-testid="natural-focus-ring"');
  });

  it('prints the value in each computed cell when cells are large', () => {
    expect(count(render(), />0\.25</g)).toBe(2);
  });
});

describe('Heatmap marks against the null', () => {
  it('hatches the cells not distinguishable from the null and says so in their names', () => {
    const hatched = [
      [false, true, false],
      [true, false, false],
      [false, false, false],
    ];
    const html = renderToStaticMarkup(
      <Heatmap
        id="inverted"
        title="Inverted"
        labels={labels}
        values={values}
        scale={createColorScale()}
        active={null}
        onActiveChange={noop}
        hatched={hatched}
      />,
    );
    expect(html).toContain('<pattern id="inverted-hatch"');
    expect(count(html, /fill="url\(#inverted-hatch\)"/g)).toBe(2);
    expect(count(html, /data-distinguishable="false"/g)).toBe(2);
    expect(count(html, /data-distinguishable="true"/g)).toBe(7);
    expect(html).toContain('aria-label="mlp ε=0 vs mlp ε=1: 0.500 (not distinguishable from the null)"');
    expect(render()).not.toContain('data-distinguishable');
  });
});

describe('HeatmapPair', () => {
  it('shows both matrices with one shared legend, their off-diagonal means and the tables', () => {
    const html = renderToStaticMarkup(
      <HeatmapPair
        labels={labels}
        metricLabel="linear CKA"
        active={null}
        onActiveChange={noop}
        panels={[
          { id: 'natural', title: 'Natural images', values, offDiagonalMean: null },
          { id: 'inverted', title: 'Inverted', values, offDiagonalMean: 0.123 },
        ]}
      />,
    );
    expect(count(html, /data-testid="color-legend"/g)).toBe(1);
    expect(count(html, /role="gridcell"/g)).toBe(18);
    // Natural: mean of the 4 known off-diagonal cells (0.5, 0.5, 0.25, 0.25) = 0.375, 4 of 6 so far.
    expect(html).toMatch(
      /data-testid="natural-mean">Off-diagonal mean: <strong>0.375<\/strong>.*4 of 6 cells so far/,
    );
    expect(html).toContain('<strong>0.123</strong>');
    expect(count(html, /<table/g)).toBe(2);
  });
});
