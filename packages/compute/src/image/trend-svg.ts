/**
 * The robustness trend as an SVG chart: one panel per measure (e.g. inverted row mean, natural row mean), training
 * eps on x, mean similarity on y, one colour and one line per architecture, the rank correlation in the title.
 */
import { InvalidArgumentError } from '../errors.js';
import { escapeXml, svgDocument, text, viridis } from './heatmap-svg.js';

export interface TrendSeriesPoint {
  x: number;
  y: number;
}

export interface TrendPanel {
  title: string;
  /** e.g. 'Spearman ρ = 0.61 (p = 0.01, n = 18)'. */
  subtitle?: string;
  /** One series per group (architecture), keyed by its legend label. */
  series: Readonly<Record<string, readonly TrendSeriesPoint[]>>;
}

export interface TrendChartOptions {
  panels: readonly TrendPanel[];
  xLabel: string;
  yLabel: string;
  /** y range; default [0, 1]. */
  yRange?: [number, number];
  /** Name of x in point tooltips; default 'eps'. */
  xName?: string;
}

const W = 330;
const H = 250;
const MARGIN = { left: 52, right: 16, top: 52, bottom: 44 };

/** @throws InvalidArgumentError for no panels or a panel without points. */
export function renderTrendSvg(options: TrendChartOptions): string {
  const { panels } = options;
  if (panels.length === 0) throw new InvalidArgumentError('a trend chart needs at least one panel');
  const groups = [...new Set(panels.flatMap((p) => Object.keys(p.series)))];
  const colour = (g: string) =>
    viridis(groups.length === 1 ? 0.3 : (0.9 * groups.indexOf(g)) / (groups.length - 1));
  const xs = panels.flatMap((p) => Object.values(p.series).flatMap((s) => s.map((pt) => pt.x)));
  if (xs.length === 0) throw new InvalidArgumentError('the trend chart has no points');
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = options.yRange ?? [0, 1];
  const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0 || 1)) * (W - MARGIN.left - MARGIN.right);
  const sy = (y: number) =>
    H - MARGIN.bottom - ((y - y0) / (y1 - y0 || 1)) * (H - MARGIN.top - MARGIN.bottom);
  // The distinct x values as ticks when few (eps levels), else five evenly spaced ones (e.g. accuracies).
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  const ticksX =
    distinct.length <= 8 ? distinct : Array.from({ length: 5 }, (_, i) => x0 + ((x1 - x0) * i) / 4);
  const tick = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
  const parts: string[] = [];
  panels.forEach((panel, index) => {
    const ox = index * W;
    const at = (x: number, y: number) => `${(ox + sx(x)).toFixed(1)},${sy(y).toFixed(1)}`;
    parts.push(
      text(ox + W / 2, 18, panel.title, 'middle', 13, 'bold'),
      panel.subtitle ? text(ox + W / 2, 35, panel.subtitle, 'middle', 11) : '',
      `<polyline points="${at(x0, y1)} ${at(x0, y0)} ${at(x1, y0)}" fill="none" stroke="#444"/>`,
    );
    for (let k = 0; k <= 4; k++) {
      const y = y0 + (k / 4) * (y1 - y0);
      parts.push(
        `<line x1="${ox + sx(x0)}" x2="${ox + sx(x1)}" y1="${sy(y)}" y2="${sy(y)}" stroke="#e4e4e4"/>`,
        text(ox + sx(x0) - 6, sy(y) + 4, y.toFixed(2), 'end', 10),
      );
    }
    for (const x of ticksX) parts.push(text(ox + sx(x), sy(y0) + 15, tick(x), 'middle', 10));
    parts.push(text(ox + sx((x0 + x1) / 2), H - 8, options.xLabel, 'middle', 11));
    const cy = sy((y0 + y1) / 2);
    parts.push(
      `<text x="${ox + 12}" y="${cy}" font-size="11" text-anchor="middle" transform="rotate(-90 ${ox + 12} ${cy})">${escapeXml(options.yLabel)}</text>`,
    );
    for (const [group, points] of Object.entries(panel.series)) {
      const sorted = [...points].sort((a, b) => a.x - b.x);
      parts.push(
        `<polyline points="${sorted.map((p) => at(p.x, p.y)).join(' ')}" fill="none" stroke="${colour(group)}" stroke-width="1.5"/>`,
        ...sorted.map(
          (p) =>
            `<circle cx="${(ox + sx(p.x)).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3.5" fill="${colour(group)}"><title>${escapeXml(
              `${group}: ${options.xName ?? 'eps'} ${tick(p.x)}, ${p.y.toFixed(3)}`,
            )}</title></circle>`,
        ),
      );
    }
  });
  const legendY = H + 6;
  groups.forEach((group, i) => {
    const lx = 16 + (i % 6) * 110;
    const ly = legendY + Math.floor(i / 6) * 18;
    parts.push(
      `<rect x="${lx}" y="${ly}" width="12" height="12" fill="${colour(group)}"/>`,
      text(lx + 17, ly + 10, group, 'start', 11),
    );
  });
  return svgDocument(panels.length * W, H + 14 + Math.ceil(groups.length / 6) * 18, parts);
}
