/**
 * The study's files: heatmaps of the natural and inverted matrices (one shared colour scale, cells not
 * distinguishable from the null struck through), the trend charts against training eps and against measured
 * robust accuracy, one contact sheet per model (rows: seeds, targets, inverted images), with STIR its heatmap and
 * X / X' sheets, with convergence its chart, the summary text, summary.json and report.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderContactSheet } from '../image/contact-sheet.js';
import { convergenceChart, renderConvergenceSvg } from '../image/convergence-svg.js';
import { type HeatmapPanel, renderHeatmapSvg } from '../image/heatmap-svg.js';
import { renderTrendSvg, type TrendSeriesPoint } from '../image/trend-svg.js';
import type { PairImages } from './cached-inversion.js';
import { formatStudySummary } from './format-study-summary.js';
import { HEADLINE_LABELS } from './format-values.js';
import { formatP, type StudyReport } from './study-report.js';
import type { MatrixSignificance } from './study-statistics.js';
import { studySummaryJson } from './study-summary-json.js';
import type { TrendCovariate, TrendMeasure } from './trend.js';

/** The images behind the report, for the contact sheets. */
export interface StudyImages {
  pairs: PairImages;
  /** I_r per model, in row order. */
  inversions: readonly Float32Array[];
  /** X'_r per model, with STIR. */
  stir?: readonly Float32Array[];
}

/** Writes everything but report.json; returns the paths written, relative to `outDir`. */
export async function writeStudyArtifacts(
  outDir: string,
  report: StudyReport,
  images: StudyImages,
): Promise<string[]> {
  await mkdir(join(outDir, 'contact-sheets'), { recursive: true });
  const files: Record<string, string | Buffer> = {};
  const labels = report.models.map((m) => m.id);
  const n = report.params.pairs;
  const { natural: naturalMarks, inverted: invertedMarks } = report.significance;
  const panels = {
    natural: panel('Natural images', report.natural.cells, report.natural.offDiagonalMean, n, naturalMarks),
    inverted: panel(
      "Row model's inverted images",
      report.inverted.cells,
      report.inverted.offDiagonalMean,
      n,
      invertedMarks,
    ),
  };
  const natural = { label: 'natural', s: naturalMarks };
  const inverted = { label: 'inverted', s: invertedMarks };
  files['heatmaps.svg'] = renderHeatmapSvg({
    panels: [panels.natural, panels.inverted],
    labels,
    footnote: marksFootnote([natural, inverted]),
  });
  files['heatmap-natural.svg'] = renderHeatmapSvg({
    panels: [panels.natural],
    labels,
    footnote: marksFootnote([natural]),
  });
  files['heatmap-inverted.svg'] = renderHeatmapSvg({
    panels: [panels.inverted],
    labels,
    footnote: marksFootnote([inverted]),
  });
  for (const covariate of ['eps', 'robustAccuracy'] as const) {
    const chart = trendChart(report, covariate);
    if (chart) files[covariate === 'eps' ? 'trend.svg' : 'trend-robust-accuracy.svg'] = chart;
  }
  if (report.stir) {
    const stir = panel(
      'STIR(column | row)',
      report.stir.matrix.cells,
      report.stir.matrix.offDiagonalMean,
      n,
      report.stir.significance,
    );
    files['stir.svg'] = renderHeatmapSvg({
      panels: [stir, panels.natural],
      labels,
      footnote: marksFootnote([
        { label: 'STIR', s: report.stir.significance },
        { label: 'natural', s: naturalMarks },
      ]),
    });
  }
  if (report.convergence) files['convergence.svg'] = convergenceSvg(report);
  const shown = Math.min(report.params.contactSheetPairs, n);
  if (shown > 0) {
    const [, h, w, c] = images.pairs.shape;
    const take = (set: Float32Array) => set.subarray(0, shown * h * w * c);
    report.models.forEach((m, r) => {
      files[`contact-sheets/${safeName(m.id)}.png`] = renderContactSheet({
        rows: [take(images.pairs.seeds), take(images.pairs.targets), take(images.inversions[r]!)],
        imageShape: [h, w, c],
      });
      const stirImages = images.stir?.[r];
      if (stirImages) {
        files[`contact-sheets/stir-${safeName(m.id)}.png`] = renderContactSheet({
          rows: [take(images.pairs.targets), take(stirImages)],
          imageShape: [h, w, c],
        });
      }
    });
  }
  files['summary.txt'] = `${formatStudySummary(report)}\n`;
  for (const [name, content] of Object.entries(files)) await writeFile(join(outDir, name), content);
  return [...Object.keys(files), 'summary.json', 'report.json'];
}

/** report.json (everything) and summary.json (the findings); written last, when timings are final. */
export async function writeStudyReport(outDir: string, report: StudyReport): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
  await writeFile(join(outDir, 'summary.json'), `${JSON.stringify(studySummaryJson(report), null, 1)}\n`);
}

/** A heatmap panel of debiased CKA when the cells have it (the value the study quotes), marks from BH. */
function panel(
  title: string,
  cells: StudyReport['natural']['cells'],
  offDiagonalMean: number,
  n: number,
  significance: MatrixSignificance | undefined,
): HeatmapPanel {
  const debiased = cells.every((row) => row.every((c) => c.debiased));
  const values = cells.map((row) => row.map((c) => (debiased ? c.debiased!.value : c.value)));
  const k = values.length;
  const mean = debiased
    ? values.reduce((s, row, r) => s + row.reduce((t, v, c) => t + (c === r ? 0 : v), 0), 0) / (k * (k - 1))
    : offDiagonalMean;
  return {
    title: `${title}${debiased ? ', debiased CKA' : ''}`,
    subtitle: `off-diagonal mean ${mean.toFixed(3)}, n = ${n}`,
    values,
    ...(significance && { marks: significance.distinguishable.map((row) => row.map((d) => d === false)) }),
  };
}

/** What a struck-through cell means, with the tests m of each matrix shown. */
function marksFootnote(
  matrices: readonly { label: string; s: MatrixSignificance | undefined }[],
): string | undefined {
  const first = matrices.find((m) => m.s)?.s;
  if (!first) return undefined;
  const tests = matrices.flatMap(({ label, s }) => (s ? [`${label} m = ${s.tests}`] : [])).join(', ');
  return (
    `Struck through: not distinguishable from the null (permutation p of ${first.pValues} CKA, ${first.permutations} ` +
    `shuffles, Benjamini-Hochberg at alpha ${first.alpha} within each matrix: ${tests}).`
  );
}

const PANELS: { measure: TrendMeasure; title: string }[] = [
  { measure: 'invertedRowMean', title: 'Inverted: others on its inversions (row)' },
  { measure: 'invertedColumnMean', title: "Inverted: it on others' inversions (col)" },
  { measure: 'naturalRowMean', title: 'Natural images (row)' },
];

/** Similarity to other-architecture models against the covariate; undefined when no model has it. */
function trendChart(report: StudyReport, covariate: TrendCovariate): string | undefined {
  const { trend } = report;
  const x = (p: (typeof trend.points)[number]) => (covariate === 'eps' ? p.eps : p.robustAccuracy);
  const panels = PANELS.map(({ measure, title }) => {
    const series: Record<string, TrendSeriesPoint[]> = {};
    for (const point of trend.points) {
      const [px, py] = [x(point), point[measure]];
      if (px === undefined || py === undefined) continue;
      series[point.architecture] ??= [];
      series[point.architecture]!.push({ x: px, y: py });
    }
    const test = trend.correlations.find((c) => c.covariate === covariate && c.measure === measure);
    const subtitle = test
      ? `Spearman ρ = ${test.rho.toFixed(2)}, p = ${formatP(test.p)} (within-arch. perm.), n = ${test.n}`
      : undefined;
    return { title, subtitle, series };
  }).filter((p) => Object.keys(p.series).length > 0);
  if (panels.length === 0) return undefined;
  const grid = trend.robustness;
  const norms = [...new Set(report.models.filter((m) => m.eps > 0).map((m) => m.norm))].join(', ') || 'none';
  return renderTrendSvg({
    xLabel:
      covariate === 'eps'
        ? `training eps (${norms})`
        : `accuracy under ${grid?.norm ?? 'l2'} PGD at eps ${grid?.eps ?? report.params.robustAccuracyEps ?? 1}`,
    xName: covariate === 'eps' ? 'eps' : 'robust accuracy',
    yLabel: `mean ${trend.values} CKA to other architectures`,
    panels,
  });
}

function convergenceSvg(report: StudyReport): string {
  const records = report.convergence!;
  const lows = records.flatMap((r) =>
    Object.values(r.headlines ?? {}).flatMap((h) =>
      h ? [h.debiased.interval?.lower ?? h.debiased.mean] : [],
    ),
  );
  return renderConvergenceSvg(
    convergenceChart(
      records.map((r) => ({
        iteration: r.iteration,
        meanLoss: r.meanLoss,
        headlines: Object.fromEntries(
          Object.entries(HEADLINE_LABELS).map(([key, label]) => {
            const h = r.headlines?.[key as keyof typeof HEADLINE_LABELS];
            return [label, h ? h.debiased : null];
          }),
        ),
      })),
      {
        similarityTitle: 'Inverted CKA (debiased) by iteration',
        similarityLabel: 'mean debiased CKA',
        yRange: [Math.min(0, ...lows), 1],
      },
    ),
  );
}

/** A model id as a file name: anything but letters, digits, '.', '_' and '-' becomes '_'. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}
