/**
 * Sections of the study's summary text (format-study-summary.ts): trend tests, eps blocks, prediction agreement,
 * STIR and convergence.
 */
import type { CellSelection } from '../stats/cell-selections.js';
import type { Headline } from '../stats/headline.js';
import { fixed, HEADLINE_LABELS, withInterval } from './format-values.js';
import { formatP, type StudyReport } from './study-report.js';
import type { TrendCorrelation, TrendMeasure } from './trend.js';

const MEASURE_LABELS: Record<TrendMeasure, string> = {
  invertedRowMean: 'inverted, row (others on its images)',
  invertedColumnMean: "inverted, column (it on others' images)",
  naturalRowMean: 'natural, row',
  naturalColumnMean: 'natural, column',
};

export function covariateLabel(c: Pick<TrendCorrelation, 'covariate' | 'norm'>, report: StudyReport): string {
  return c.covariate === 'eps'
    ? `training eps (${c.norm})`
    : `robust acc (${c.norm} eps ${report.trend.robustness?.eps ?? report.params.robustAccuracyEps ?? 1})`;
}

export function trendLines(report: StudyReport): string[] {
  const { trend } = report;
  const lines = [
    `Trend (SPEC §6): robustness vs mean ${trend.values} CKA to the models of other architectures; Spearman rho, p from`,
    `${trend.correlations[0]?.test.permutations ?? report.params.trendPermutations ?? 9999} permutations of the covariate ` +
      'within architecture (two-sided); slopes: OLS per architecture, CKA per unit of covariate',
    `${'covariate'.padEnd(26)}${'similarity'.padEnd(40)}${'rho'.padStart(7)}${'p'.padStart(9)}${'n'.padStart(5)}  slopes (mean)`,
  ];
  // The natural column mean equals the natural row mean (a symmetric matrix): not repeated.
  for (const c of trend.correlations.filter((t) => t.measure !== 'naturalColumnMean')) {
    const slopes = c.test.slopes
      .map((s) => `${s.architecture} ${s.slope === null ? '–' : signed(s.slope)}`)
      .join(', ');
    lines.push(
      `${covariateLabel(c, report).padEnd(26)}${MEASURE_LABELS[c.measure].padEnd(40)}${fixed(c.rho, 2).padStart(7)}` +
        `${formatP(c.p).padStart(9)}${String(c.n).padStart(5)}  ${slopes} (${c.test.meanSlope === null ? '–' : signed(c.test.meanSlope)})`,
    );
  }
  if (trend.correlations.length === 0) lines.push('  no trend test could run');
  for (const note of trend.notes) lines.push(`  note: ${note}`);
  return lines;
}

function signed(v: number): string {
  return `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;
}

/** Each matrix averaged by (row eps, column eps): does similarity rise at every eps of the other model? */
export function epsBlockLines(report: StudyReport): string[] {
  const lines: string[] = [];
  for (const kind of ['natural', 'inverted'] as const) {
    const blocks = report.trend.epsBlocks[kind] ?? [];
    const levels = [...new Set(blocks.map((b) => b.rowEps))];
    if (levels.length < 2) continue;
    lines.push(
      '',
      `${kind} ${report.trend.values} CKA by eps of the row model (rows) and of the column model (columns):`,
    );
    lines.push(`${'eps'.padStart(10)}${levels.map((e) => String(e).padStart(8)).join('')}`);
    for (const rowEps of levels) {
      const cells = levels.map(
        (columnEps) => blocks.find((b) => b.rowEps === rowEps && b.columnEps === columnEps)?.mean,
      );
      lines.push(`${String(rowEps).padStart(10)}${cells.map((v) => fixed(v).padStart(8)).join('')}`);
    }
  }
  return lines;
}

/** The target-agreement matrix in percent, models numbered; the seed agreement as its mean. */
export function agreementLines(report: StudyReport): string[] {
  const { agreement } = report;
  const ids = report.models.map((m) => m.id);
  const width = Math.max(...ids.map((id) => id.length)) + 5;
  const lines = [
    "Prediction agreement (SPEC §5), % of row model r's inversions that column model c labels as the pair's target",
    `(off the diagonal: mean ${fixed(100 * agreement.targetOffDiagonalMean, 1)}% as the target, ` +
      `${fixed(100 * agreement.seedOffDiagonalMean, 1)}% as the seed):`,
    `${''.padEnd(width)}${ids.map((_, c) => String(c + 1).padStart(4)).join('')}`,
  ];
  agreement.target.forEach((row, r) => {
    const label = `${String(r + 1).padStart(3)} ${ids[r]}`.padEnd(width);
    lines.push(
      `${label}${row.map((v) => (Number.isNaN(v) ? '–' : String(Math.round(100 * v))).padStart(4)).join('')}`,
    );
  });
  return lines;
}

export function stirLines(report: StudyReport): string[] {
  const stir = report.stir!;
  const s = stir.settings;
  const ids = report.models.map((m) => m.id);
  const lines = [
    `STIR (SPEC §5): STIR(m2 | m1) = CKA(rep_m2(X), rep_m2(X')), X = the ${report.params.pairs} targets, X' inverted ` +
      `through m1 from ${s.noise} noise (seed ${s.noiseSeed}), ${s.inversion.iterations} iterations, step ${s.inversion.stepSize}, ` +
      `momentum ${s.inversion.momentum}, fake ReLU ${s.inversion.fakeRelu ? 'on' : 'off'}`,
    `mean off-diagonal STIR: debiased ${fixed(stir.offDiagonalMean.debiased)}, biased ${fixed(stir.offDiagonalMean.biased)}` +
      (stir.significance
        ? `; ${stir.significance.distinguishableCount} of ${stir.significance.tests} cells distinguishable from the null (BH ${stir.significance.alpha})`
        : ''),
  ];
  if (stir.headlines) lines.push(...selectionLines(stir.headlines, '  '));
  const width = Math.max(22, ...ids.map((id) => id.length + 2));
  lines.push(
    `${'model m'.padEnd(width)}${'STIR(others | m)'.padStart(18)}${'STIR(m | others)'.padStart(18)}${'STIR(m | m)'.padStart(13)}`,
  );
  const k = ids.length;
  const values = stir.matrix.cells.map((row) => row.map((c) => c.debiased?.value ?? c.value));
  ids.forEach((id, m) => {
    const row = values[m]!.filter((_, c) => c !== m).reduce((a, b) => a + b, 0) / (k - 1);
    const column = values.filter((_, r) => r !== m).reduce((a, r) => a + r[m]!, 0) / (k - 1);
    lines.push(
      `${id.padEnd(width)}${fixed(row).padStart(18)}${fixed(column).padStart(18)}${fixed(values[m]![m]).padStart(13)}`,
    );
  });
  lines.push(
    "STIR(others | m): how far m's invariances are shared by the others (row mean); STIR(m | others): how far m " +
      "shares theirs (column mean); debiased CKA. Every pair's two directions are in report.json (stir.directions).",
  );
  return lines;
}

function selectionLines(blocks: Record<CellSelection, Headline | null>, indent: string): string[] {
  return Object.entries(HEADLINE_LABELS).map(([key, label]) => {
    const h = blocks[key as CellSelection];
    return h
      ? `${indent}${label.padEnd(30)}${String(h.cells).padStart(5)} cells  debiased ${withInterval(h.debiased)}  biased ${withInterval(h.biased)}`
      : `${indent}${label.padEnd(30)}    0 cells`;
  });
}

export function convergenceLines(report: StudyReport): string[] {
  const records = report.convergence!;
  const col = 24;
  const lines = [
    'Convergence: the inverted matrix from the images each inversion held at these iterations (one run per model);',
    'debiased headline means [interval], mean relative loss',
    `${'iteration'.padStart(9)}${'loss'.padStart(8)}  ${Object.values(HEADLINE_LABELS)
      .map((l) => l.padEnd(col + 4))
      .join('')}`,
  ];
  for (const r of records) {
    const cells = (Object.keys(HEADLINE_LABELS) as CellSelection[]).map((key) =>
      (r.headlines?.[key] ? withInterval(r.headlines[key]!.debiased) : '–').padEnd(col + 4),
    );
    lines.push(`${String(r.iteration).padStart(9)}${fixed(r.meanLoss).padStart(8)}  ${cells.join('')}`);
  }
  return lines.map((line) => line.trimEnd());
}
