import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ConvergenceChart } from './convergence-chart';
import { convergenceLines, logAxisFits } from './convergence-series';

const headline = (mean: number) => ({
  debiased: { mean, interval: { lower: mean - 0.1, upper: mean + 0.1 } },
});
const records = [
  {
    iteration: 50,
    meanLoss: 0.4,
    headlines: { paper: headline(0.2), crossArchitecture: headline(0.3), sameArchitecture: null },
  },
  {
    iteration: 2000,
    meanLoss: 0.02,
    headlines: { paper: headline(0.5), crossArchitecture: headline(0.6), sameArchitecture: null },
  },
];

describe('the convergence plot', () => {
  it('has a line per selection with cells, points at each checkpoint and interval whiskers', () => {
    const lines = convergenceLines(records);
    expect(lines.map((l) => l.block)).toEqual(['paper', 'crossArchitecture']);
    expect(lines[0]!.points).toEqual([
      { iteration: 50, mean: 0.2, lower: 0.1, upper: 0.30000000000000004 },
      { iteration: 2000, mean: 0.5, lower: 0.4, upper: 0.6 },
    ]);
    const html = renderToStaticMarkup(<ConvergenceChart records={records} />);
    expect(html.match(/data-testid="convergence-line"/g)).toHaveLength(2);
    expect(html.match(/<circle/g)).toHaveLength(4);
    expect(html).toContain('(log scale)');
  });

  it('uses a log axis only when the iterations span a decade', () => {
    expect(logAxisFits([50, 200, 2000])).toBe(true);
    expect(logAxisFits([2, 4])).toBe(false);
  });
});
