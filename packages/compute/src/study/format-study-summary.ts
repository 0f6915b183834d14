/**
 * The study's summary text, as `simlab study` prints it and summary.txt stores it: the models, the like-for-like
 * headlines (debiased first, biased beside it, with intervals and what they cover), the cells distinguishable
 * from the null, the trend tests, the prediction agreement, STIR and convergence (format-study-sections.ts).
 */
import {
  agreementLines,
  convergenceLines,
  epsBlockLines,
  stirLines,
  trendLines,
} from './format-study-sections.js';
import { fixed, STUDY_HEADLINE_LABELS, withInterval } from './format-values.js';
import type { StudyReport } from './study-report.js';
import type { HeadlineComparison } from './study-statistics.js';

/** The summary text, as printed by `simlab study`. */
export function formatStudySummary(report: StudyReport): string {
  const { params, summary } = report;
  const lines = [
    `SimLab study (${params.preset}): ${report.models.length} models, ${params.pairs} pairs of ${report.dataset.name} ` +
      `(${report.dataset.hash.slice(0, 12)}), ${params.metric} CKA, ${params.inversion.iterations} iterations, ` +
      `backend ${report.provenance.backend.name}, ${report.provenance.codeVersion}`,
    ...(report.images
      ? [`pairs from ${report.images.reason}`, ...report.images.notes.map((n) => `  note: ${n}`)]
      : []),
    '',
    ...modelLines(report),
    '',
    ...headlineLines(report),
    '',
    ...significanceLines(report),
    '',
    ...trendLines(report),
    ...epsBlockLines(report),
    '',
    ...agreementLines(report),
    ...(report.stir ? ['', ...stirLines(report)] : []),
    ...(report.convergence ? ['', ...convergenceLines(report)] : []),
    '',
    `inversions: ${summary.inversions.computed} computed, ${summary.inversions.resumed} resumed, ` +
      `${summary.inversions.cached} from cache; ${timingLine(report.timings)}`,
  ];
  return lines.join('\n');
}

/**
 * Inversion wall time, and the whole study's once known: summary.txt is written with the artifacts, before the
 * total is (summary.json has it).
 */
function timingLine(t: StudyReport['timings']): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const total = t.totalMs > 0 ? `, study ${seconds(t.totalMs)} in all` : '';
  return `inversions ${seconds(t.inversionMs)} on ${t.workers} thread(s)${total}`;
}

function modelLines(report: StudyReport): string[] {
  const width = Math.max(22, ...report.models.map((m) => m.id.length + 2));
  const archWidth = Math.max(11, ...report.models.map((m) => m.architecture.length + 2));
  const eps = report.params.robustAccuracyEps ?? 1;
  const lines = [
    `${'model'.padEnd(width)}${'arch'.padEnd(archWidth)}${'eps'.padStart(5)}${'rob acc'.padStart(9)}` +
      `${'inv loss'.padStart(10)}${'nat row'.padStart(9)}${'inv row'.padStart(9)}${'inv col'.padStart(9)}  inversion`,
  ];
  report.models.forEach((m, i) => {
    const point = report.trend.points[i];
    lines.push(
      `${m.id.padEnd(width)}${m.architecture.padEnd(archWidth)}${String(m.eps).padStart(5)}` +
        `${fixed(m.robustAccuracy).padStart(9)}${fixed(m.inversion.meanLoss).padStart(10)}` +
        `${fixed(point?.naturalRowMean).padStart(9)}${fixed(point?.invertedRowMean).padStart(9)}` +
        `${fixed(point?.invertedColumnMean).padStart(9)}  ${m.inversion.source}` +
        `${m.metadata?.format === 'onnx' ? ' (ONNX)' : ''}`,
    );
  });
  lines.push(
    `rob acc: accuracy under L2 PGD at eps ${eps} on the model card's robustness grid ('–': no grid on the card).`,
    `nat/inv row, inv col: mean ${report.trend.values} CKA to the models of other architectures (the trend's measures;` +
      " row: others on this model's images, col: this model on others' images).",
  );
  return lines;
}

function headlineLines(report: StudyReport): string[] {
  const h = report.headlines;
  if (!h) {
    return [
      `headlines: ${report.params.metric} CKA cells carry no biased and debiased values; mean off-diagonal CKA ` +
        `natural ${fixed(report.summary.naturalOffDiagonalMean)}, inverted ${fixed(report.summary.invertedOffDiagonalMean)}`,
    ];
  }
  const level = Math.round(h.level * 100);
  const col = 26;
  const lines = [
    `Headlines: mean off-diagonal CKA over like-for-like cells, debiased [${level}% interval], biased beside it`,
    `${''.padEnd(30)}${'cells'.padStart(6)}  ${'natural'.padEnd(col)}${'inverted'.padEnd(col)}natural - inverted`,
  ];
  for (const [key, label] of Object.entries(STUDY_HEADLINE_LABELS)) {
    const block: HeadlineComparison | null = h[key as keyof typeof STUDY_HEADLINE_LABELS];
    if (!block) {
      lines.push(`${label.padEnd(30)}${'0'.padStart(6)}  (no such cells in this zoo)`);
      continue;
    }
    const row = (metric: 'debiased' | 'biased') =>
      `${withInterval(block.natural[metric]).padEnd(col)}${withInterval(block.inverted[metric]).padEnd(col)}` +
      `${withInterval(block.difference[metric])}`;
    lines.push(
      `${label.padEnd(30)}${String(block.natural.cells).padStart(6)}  ${row('debiased')}`,
      `${'  biased'.padEnd(36)}  ${row('biased')}`,
    );
  }
  lines.push(
    h.groups > 0
      ? `Intervals: grouped jackknife over the ${report.params.pairs} pairs in ${h.groups} groups (the same groups in ` +
          'both matrices, so the difference is paired).'
      : 'No intervals: the study ran without jackknife groups (intervalGroups 0).',
    `The debiased interval covers ${h.covers.debiased}; the biased interval covers ${h.covers.biased}.`,
  );
  return lines;
}

function significanceLines(report: StudyReport): string[] {
  const { natural, inverted } = report.significance;
  if (!natural || !inverted) return ['Cells vs the null: not tested (nullPermutations 0).'];
  const lines = [
    `Cells distinguishable from the null: permutation p of ${natural.pValues === 'debiased' ? 'debiased CKA' : `${report.params.metric} CKA`} ` +
      `(${natural.permutations} shuffles per cell), Benjamini-Hochberg at alpha ${natural.alpha} across each matrix:`,
    `  natural ${natural.distinguishableCount} of ${natural.tests} pairs (m = ${natural.tests}); ` +
      `inverted ${inverted.distinguishableCount} of ${inverted.tests} cells (m = ${inverted.tests})`,
  ];
  if (!natural.canReject) {
    lines.push(
      `  (with ${natural.permutations} shuffles no p-value can pass BH at ${natural.alpha}: raise nullPermutations to >= 19)`,
    );
  }
  const ids = report.models.map((m) => m.id);
  const listed = (kind: 'natural' | 'inverted') => {
    const s = report.significance[kind]!;
    const matrix = report[kind];
    const out: string[] = [];
    s.distinguishable.forEach((row, r) => {
      row.forEach((mark, c) => {
        if (mark === false && (kind === 'inverted' || c > r)) {
          const value = matrix.cells[r]![c]!.debiased?.value ?? matrix.values[r]![c]!;
          out.push(`${ids[r]}|${ids[c]} ${fixed(value, 2)} (p_adj ${fixed(s.adjusted[r]![c], 2)})`);
        }
      });
    });
    return out;
  };
  for (const kind of ['natural', 'inverted'] as const) {
    const out = listed(kind);
    if (out.length === 0) continue;
    const shown = out.slice(0, 12);
    lines.push(
      `  not distinguishable, ${kind} (row|column debiased CKA): ${shown.join(', ')}` +
        `${out.length > shown.length ? `, and ${out.length - shown.length} more` : ''}`,
    );
  }
  return lines;
}
