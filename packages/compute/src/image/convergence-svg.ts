/**
 * Convergence of an inverted-data study as an SVG chart (issue 10, item 3): iterations on a log x axis, two
 * panels side by side. Left: the inverted matrix's headline means at each checkpoint (one line per series, a
 * shaded band where an interval is given). Right: the mean relative loss of the inversions at the same
 * checkpoints. The style follows trend-svg.ts: plain SVG text, viridis colours, a legend below.
 */
import { InvalidArgumentError } from '../errors.js';
import { escapeXml, svgDocument, text, viridis } from './heatmap-svg.js';

export interface ConvergencePoint {
  /** Iterations of the inversion at this checkpoint, > 0 (log axis). */
  iteration: number;
  value: number;
  /** Interval around `value` (e.g. a 95% jackknife interval), drawn as a band when both are given. */
  lower?: number;
  upper?: number;
}

export interface ConvergenceSeries {
  label: string;
  points: readonly ConvergencePoint[];
}

export interface ConvergenceChartOptions {
  /** Headline means of the inverted matrix (e.g. off-diagonal mean, eps-0 cross-architecture mean). */
  similarity: readonly ConvergenceSeries[];
  /** Mean relative loss ||rep(x) - rep(t)|| / ||rep(t)|| at each checkpoint (one series, or one per group). */
  loss: readonly ConvergenceSeries[];
  /** Title of the left panel; default 'inverted CKA'. */
  similarityTitle?: string;
  /** y label of the left panel; default 'mean CKA'. */
  similarityLabel?: string;
  /** y range of the left panel; default [0, 1]. The loss panel runs from 0 to its largest value. */
  yRange?: [number, number];
}

/** A study's convergence record at one checkpoint, as `convergenceChart` reads it. */
export interface ConvergenceCheckpoint {
  iteration: number;
  /**
   * Headline means of the inverted matrix at this checkpoint, by series label (e.g. stats' headlineBlocks
   * debiased means under 'eps 0, other architectures'); null where the zoo has no such cells.
   */
  headlines: Readonly<Record<string, { mean: number; interval?: { lower: number; upper: number } } | null>>;
  /** Mean relative loss of every model's inversions at this checkpoint. */
  meanLoss: number;
}

/**
 * Chart options from per-checkpoint records: one similarity series per headline label, one loss series.
 * Checkpoint 0 (the seeds themselves) is left out: it has no place on the log axis.
 */
export function convergenceChart(
  checkpoints: readonly ConvergenceCheckpoint[],
  labels: Partial<Pick<ConvergenceChartOptions, 'similarityTitle' | 'similarityLabel' | 'yRange'>> = {},
): ConvergenceChartOptions {
  const kept = [...checkpoints].filter((c) => c.iteration > 0).sort((a, b) => a.iteration - b.iteration);
  const names = [...new Set(kept.flatMap((c) => Object.keys(c.headlines)))];
  const similarity = names.map((label) => ({
    label,
    points: kept.flatMap((c) => {
      const h = c.headlines[label];
      return h
        ? [{ iteration: c.iteration, value: h.mean, lower: h.interval?.lower, upper: h.interval?.upper }]
        : [];
    }),
  }));
  const loss = [
    { label: 'mean relative loss', points: kept.map((c) => ({ iteration: c.iteration, value: c.meanLoss })) },
  ];
  return { ...labels, similarity: similarity.filter((s) => s.points.length > 0), loss };
}

const W = 360;
const H = 260;
const MARGIN = { left: 56, right: 16, top: 36, bottom: 44 };

/**
 * @throws InvalidArgumentError for a chart without points, or an iteration <= 0 (it has no place on a log
 *   axis: leave checkpoint 0, the seeds, out of the chart).
 */
export function renderConvergenceSvg(options: ConvergenceChartOptions): string {
  const all = [...options.similarity, ...options.loss];
  const points = all.flatMap((s) => s.points);
  if (options.similarity.every((s) => s.points.length === 0)) {
    throw new InvalidArgumentError('a convergence chart needs at least one similarity point');
  }
  const bad = points.find((p) => !(p.iteration > 0) || !Number.isFinite(p.iteration));
  if (bad) {
    throw new InvalidArgumentError(
      `iteration ${bad.iteration} cannot be placed on a log axis; chart only checkpoints > 0`,
    );
  }
  const iterations = [...new Set(points.map((p) => p.iteration))].sort((a, b) => a - b);
  const [l0, l1] = [Math.log10(iterations[0]!), Math.log10(iterations.at(-1)!)];
  const pad = l1 > l0 ? 0.06 * (l1 - l0) : 0.5;
  const sx = (iteration: number) =>
    MARGIN.left +
    ((Math.log10(iteration) - l0 + pad) / (l1 - l0 + 2 * pad)) * (W - MARGIN.left - MARGIN.right);
  const labels = [...new Set(all.map((s) => s.label))];
  const colour = (label: string) =>
    viridis(labels.length === 1 ? 0.3 : (0.9 * labels.indexOf(label)) / (labels.length - 1));
  const lossMax = Math.max(...options.loss.flatMap((s) => s.points.map((p) => p.upper ?? p.value)), 0);
  const panels = [
    {
      title: options.similarityTitle ?? 'inverted CKA',
      yLabel: options.similarityLabel ?? 'mean CKA',
      series: options.similarity,
      range: options.yRange ?? ([0, 1] as [number, number]),
    },
    {
      title: 'inversion loss',
      yLabel: 'mean relative loss',
      series: options.loss,
      range: [0, niceCeil(lossMax)],
    },
  ];
  const parts: string[] = [];
  panels.forEach((panel, index) => {
    const ox = index * W;
    const [y0, y1] = panel.range as [number, number];
    const sy = (y: number) =>
      H - MARGIN.bottom - ((y - y0) / (y1 - y0 || 1)) * (H - MARGIN.top - MARGIN.bottom);
    const at = (x: number, y: number) => `${(ox + sx(x)).toFixed(1)},${sy(y).toFixed(1)}`;
    const [xLeft, xRight] = [MARGIN.left, W - MARGIN.right];
    parts.push(
      text(ox + W / 2, 18, panel.title, 'middle', 13, 'bold'),
      `<polyline points="${ox + xLeft},${sy(y1)} ${ox + xLeft},${sy(y0)} ${ox + xRight},${sy(y0)}" fill="none" stroke="#444"/>`,
    );
    for (let k = 0; k <= 4; k++) {
      const y = y0 + (k / 4) * (y1 - y0);
      parts.push(
        `<line x1="${ox + xLeft}" x2="${ox + xRight}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#e4e4e4"/>`,
        text(ox + xLeft - 6, sy(y) + 4, y.toFixed(y1 - y0 < 0.1 ? 3 : 2), 'end', 10),
      );
    }
    for (const it of iterations) parts.push(text(ox + sx(it), sy(y0) + 15, String(it), 'middle', 10));
    parts.push(text(ox + (xLeft + xRight) / 2, H - 8, 'iterations (log scale)', 'middle', 11));
    const cy = sy((y0 + y1) / 2);
    parts.push(
      `<text x="${ox + 12}" y="${cy}" font-size="11" text-anchor="middle" transform="rotate(-90 ${ox + 12} ${cy})">${escapeXml(panel.yLabel)}</text>`,
    );
    for (const series of panel.series) {
      const sorted = [...series.points].sort((a, b) => a.iteration - b.iteration);
      const banded = sorted.filter((p) => p.lower !== undefined && p.upper !== undefined);
      if (banded.length >= 2) {
        const edge = [
          ...banded.map((p) => at(p.iteration, p.upper!)),
          ...banded.reverse().map((p) => at(p.iteration, p.lower!)),
        ];
        parts.push(
          `<polygon points="${edge.join(' ')}" fill="${colour(series.label)}" fill-opacity="0.18" stroke="none"/>`,
        );
      }
      parts.push(
        `<polyline points="${sorted.map((p) => at(p.iteration, p.value)).join(' ')}" fill="none" stroke="${colour(series.label)}" stroke-width="1.5"/>`,
        ...sorted.map(
          (p) =>
            `<circle cx="${(ox + sx(p.iteration)).toFixed(1)}" cy="${sy(p.value).toFixed(1)}" r="3" fill="${colour(series.label)}"><title>${escapeXml(
              `${series.label}: ${p.iteration} iterations, ${p.value.toFixed(4)}${
                p.lower !== undefined && p.upper !== undefined
                  ? ` [${p.lower.toFixed(4)}, ${p.upper.toFixed(4)}]`
                  : ''
              }`,
            )}</title></circle>`,
        ),
      );
    }
  });
  // Legend entries flow left to right and wrap; ~6.5 px per character of 11 px Helvetica.
  let [lx, ly] = [16, H + 6];
  for (const label of labels) {
    const width = 17 + 6.5 * label.length + 24;
    if (lx > 16 && lx + width > 2 * W) [lx, ly] = [16, ly + 18];
    parts.push(
      `<rect x="${lx}" y="${ly}" width="12" height="12" fill="${colour(label)}"/>`,
      text(lx + 17, ly + 10, label, 'start', 11),
    );
    lx += width;
  }
  return svgDocument(2 * W, ly + 26, parts);
}

/** The smallest of 1, 2, 2.5, 5 (x 10^k) at or above x, so the four grid steps are round numbers; 1 for x <= 0. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const scale = 10 ** Math.floor(Math.log10(x));
  return scale * ([1, 2, 2.5, 5, 10].find((m) => m * scale >= x) ?? 10);
}
