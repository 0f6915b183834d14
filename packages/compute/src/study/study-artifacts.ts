/**
 * The study's files: heatmaps of the natural and inverted matrices (one shared colour scale), the trend chart,
 * one contact sheet per model (rows: seeds, targets, inverted images), the summary table, and report.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderContactSheet } from '../image/contact-sheet.js';
import { renderHeatmapSvg } from '../image/heatmap-svg.js';
import { renderTrendSvg, type TrendSeriesPoint } from '../image/trend-svg.js';
import type { PairImages } from './cached-inversion.js';
import { formatP, formatStudySummary, type StudyReport } from './study-report.js';
import type { TrendMeasure } from './trend.js';

/** Writes everything but report.json; returns the paths written, relative to `outDir`. */
export async function writeStudyArtifacts(
  outDir: string,
  report: StudyReport,
  pairs: PairImages,
  inversions: readonly Float32Array[],
): Promise<string[]> {
  await mkdir(join(outDir, 'contact-sheets'), { recursive: true });
  const files: Record<string, string | Buffer> = {};
  const labels = report.models.map((m) => m.id);
  const n = report.params.pairs;
  const panels = {
    natural: {
      title: 'Natural images',
      subtitle: `off-diagonal mean ${report.natural.offDiagonalMean.toFixed(3)}, n = ${n}`,
      values: report.natural.values,
    },
    inverted: {
      title: "Row model's inverted images",
      subtitle: `off-diagonal mean ${report.inverted.offDiagonalMean.toFixed(3)}, n = ${n}`,
      values: report.inverted.values,
    },
  };
  files['heatmaps.svg'] = renderHeatmapSvg({ panels: [panels.natural, panels.inverted], labels });
  files['heatmap-natural.svg'] = renderHeatmapSvg({ panels: [panels.natural], labels });
  files['heatmap-inverted.svg'] = renderHeatmapSvg({ panels: [panels.inverted], labels });
  files['trend.svg'] = trendChart(report);
  const shown = Math.min(report.params.contactSheetPairs, n);
  if (shown > 0) {
    const [, h, w, c] = pairs.shape;
    const take = (images: Float32Array) => images.subarray(0, shown * h * w * c);
    report.models.forEach((m, r) => {
      files[`contact-sheets/${safeName(m.id)}.png`] = renderContactSheet({
        rows: [take(pairs.seeds), take(pairs.targets), take(inversions[r]!)],
        imageShape: [h, w, c],
      });
    });
  }
  files['summary.txt'] = `${formatStudySummary(report)}\n`;
  for (const [name, content] of Object.entries(files)) await writeFile(join(outDir, name), content);
  return [...Object.keys(files), 'report.json'];
}

export async function writeStudyReport(outDir: string, report: StudyReport): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
}

const PANELS: { measure: TrendMeasure; title: string }[] = [
  { measure: 'invertedRowMean', title: 'Inverted: others on its inversions (row)' },
  { measure: 'invertedColumnMean', title: "Inverted: it on others' inversions (col)" },
  { measure: 'naturalRowMean', title: 'Natural images (row)' },
];

function trendChart(report: StudyReport): string {
  return renderTrendSvg({
    xLabel: `training eps (${[...new Set(report.models.filter((m) => m.eps > 0).map((m) => m.norm))].join(', ') || 'none'})`,
    yLabel: `mean ${report.params.metric} CKA to the other models`,
    panels: PANELS.map(({ measure, title }) => {
      const series: Record<string, TrendSeriesPoint[]> = {};
      for (const point of report.trend.points) {
        const y = point[measure];
        if (y === undefined) continue;
        series[point.architecture] ??= [];
        series[point.architecture]!.push({ x: point.eps, y });
      }
      const rho = report.trend.correlations.find((c) => c.group === 'all' && c.measure === measure);
      const subtitle = rho
        ? `Spearman ρ = ${rho.rho.toFixed(2)} (p = ${formatP(rho.p)}, n = ${rho.n})`
        : undefined;
      return { title, subtitle, series };
    }),
  });
}

/** A model id as a file name: anything but letters, digits, '.', '_' and '-' becomes '_'. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}
