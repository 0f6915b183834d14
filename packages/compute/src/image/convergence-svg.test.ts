import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { convergenceChart, renderConvergenceSvg } from './convergence-svg.js';
import { viridis } from './heatmap-svg.js';

const checkpoints = [10, 100, 1000];
const chart = () =>
  renderConvergenceSvg({
    similarity: [
      {
        label: 'eps 0, other architectures',
        points: checkpoints.map((iteration, i) => ({
          iteration,
          value: 0.5 - 0.1 * i,
          lower: 0.45 - 0.1 * i,
          upper: 0.55 - 0.1 * i,
        })),
      },
      {
        label: 'all off-diagonal',
        points: checkpoints.map((iteration, i) => ({ iteration, value: 0.6 - 0.1 * i })),
      },
    ],
    loss: [
      {
        label: 'mean relative loss',
        points: checkpoints.map((iteration, i) => ({ iteration, value: 0.3 / (i + 1) })),
      },
    ],
  });

describe('renderConvergenceSvg', () => {
  it('draws a line and a point per checkpoint for each series, a band where an interval is given, and a legend', () => {
    const svg = chart();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<circle/g)).toHaveLength(9); // 3 series x 3 checkpoints
    expect(svg.match(/<polygon/g)).toHaveLength(1); // only the first series has intervals
    expect(svg.match(/<polyline/g)).toHaveLength(2 + 3); // two axes + three series
    expect(svg).toContain('>eps 0, other architectures</text>');
    expect(svg).toContain('>mean relative loss</text>');
    expect(svg).toContain('>iterations (log scale)</text>');
    expect(svg).toContain(`fill="${viridis(0)}"`);
    expect(svg).toContain('[0.4500, 0.5500]');
  });

  it('places checkpoints on a log scale: 10, 100 and 1000 are equally spaced', () => {
    const svg = chart();
    const xs = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].slice(0, 3).map((m) => Number(m[1]));
    expect(xs[1]! - xs[0]!).toBeCloseTo(xs[2]! - xs[1]!, 0);
    expect(xs[1]! - xs[0]!).toBeGreaterThan(50);
  });

  it('refuses iteration 0 (no place on a log axis) and a chart without similarity points', () => {
    expect(() =>
      renderConvergenceSvg({ similarity: [{ label: 's', points: [{ iteration: 0, value: 1 }] }], loss: [] }),
    ).toThrow(/iteration 0 cannot be placed on a log axis/);
    expect(() => renderConvergenceSvg({ similarity: [], loss: [] })).toThrow(InvalidArgumentError);
  });
});

describe('convergenceChart', () => {
  it('makes one series per headline, skips missing headlines and checkpoint 0, and one loss series', () => {
    const options = convergenceChart([
      {
        iteration: 200,
        headlines: { paper: { mean: 0.4, interval: { lower: 0.3, upper: 0.5 } }, same: null },
        meanLoss: 0.1,
      },
      { iteration: 0, headlines: { paper: { mean: 0.9 }, same: null }, meanLoss: 0.8 },
      { iteration: 50, headlines: { paper: { mean: 0.5 }, same: null }, meanLoss: 0.2 },
    ]);
    expect(options.similarity).toEqual([
      {
        label: 'paper',
        points: [
          { iteration: 50, value: 0.5, lower: undefined, upper: undefined },
          { iteration: 200, value: 0.4, lower: 0.3, upper: 0.5 },
        ],
      },
    ]);
    expect(options.loss).toEqual([
      {
        label: 'mean relative loss',
        points: [
          { iteration: 50, value: 0.2 },
          { iteration: 200, value: 0.1 },
        ],
      },
    ]);
    expect(() => renderConvergenceSvg(options)).not.toThrow();
  });
});
