/**
 * The study's report (report.json): results with everything that produced them (SPEC §7), and the summary
 * table the CLI prints.
 */
import type { ImageShape } from '../data/validate.js';
import type { ComputeProvenance } from '../provenance.js';
import type { SimilarityMatrix } from '../similarity/matrix.js';
import type { AttackNorm } from '../train/pgd.js';
import type { InversionSummary } from './study-executor.js';
import type { StudyParams } from './study-params.js';
import type { SimilarityTrend, TrendCorrelation, TrendMeasure } from './trend.js';

export const STUDY_REPORT_SCHEMA = 'simlab/study-report@1';

export interface StudyModelReport {
  id: string;
  architecture: string;
  eps: number;
  norm: AttackNorm;
  weightsHash: string;
  /** Checkpoint directory, when loaded from one. */
  dir?: string;
  /** Representation layer used. */
  layer: string;
  /** How its inversion was obtained, its losses and cost; `cacheKey` names it in the driver's store. */
  inversion: Omit<InversionSummary, 'key'> & { cacheKey: string };
}

/**
 * Prediction agreement on the inverted images (SPEC §5): target[r][c] is the share of I_r that model c
 * classifies as the pair's target label, seed[r][c] as the seed's label.
 */
export interface StudyAgreement {
  target: number[][];
  seed: number[][];
  /** Means over r != c. */
  targetOffDiagonalMean: number;
  seedOffDiagonalMean: number;
}

export interface StudySummary {
  naturalOffDiagonalMean: number;
  invertedOffDiagonalMean: number;
  /** Mean over off-diagonal cells of the permutation null baseline (what unrelated data scores). */
  naturalNullMean?: number;
  invertedNullMean?: number;
  /** Off-diagonal means of the prediction agreement (see StudyAgreement). */
  agreementOffDiagonalMean: { target: number; seed: number };
  /** Spearman of eps against the inverted row mean over all models (first norm when several). */
  trend?: TrendCorrelation;
  inversions: { computed: number; resumed: number; cached: number };
}

export interface StudyReport {
  schema: typeof STUDY_REPORT_SCHEMA;
  createdAt: string;
  provenance: ComputeProvenance;
  params: StudyParams;
  dataset: { name: string; source: string; hash: string; count: number; imageShape: ImageShape };
  /** The inverted datasets' pairs; the targets are also the natural images of the natural matrix. */
  pairs: {
    seed: number;
    count: number;
    seedIndices: number[];
    targetIndices: number[];
    seedLabels: number[];
    targetLabels: number[];
  };
  models: StudyModelReport[];
  natural: SimilarityMatrix;
  inverted: SimilarityMatrix;
  agreement: StudyAgreement;
  trend: SimilarityTrend;
  summary: StudySummary;
  /**
   * Milliseconds: loading, each stage's wall-clock span (first start to last end; the stages overlap), the
   * files, the whole; and the threads or processes the inversions ran on.
   */
  timings: {
    totalMs: number;
    loadMs: number;
    naturalMs: number;
    inversionMs: number;
    invertedMs: number;
    artifactsMs: number;
    workers: number;
  };
  /** Files written, relative to the output directory. */
  files: string[];
}

/** Mean over r != c of the cells' null-baseline means; undefined when the matrix has none. */
export function offDiagonalNullMean(matrix: SimilarityMatrix): number | undefined {
  const values = matrix.cells.flatMap((row, r) =>
    row.filter((_, c) => c !== r).map((cell) => cell.nullBaseline?.mean),
  );
  if (values.some((v) => v === undefined)) return undefined;
  return (values as number[]).reduce((s, v) => s + v, 0) / values.length;
}

/** The summary table, as printed by `simlab study`. */
export function formatStudySummary(report: StudyReport): string {
  const { params, summary } = report;
  const f = (v: number | undefined, d = 3) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(d));
  const lines = [
    `SimLab study (${params.preset}): ${report.models.length} models, ${params.pairs} pairs of ${report.dataset.name} ` +
      `(${report.dataset.hash.slice(0, 12)}), ${params.metric} CKA, ${params.inversion.iterations} iterations, ` +
      `backend ${report.provenance.backend.name}`,
    '',
    `${'model'.padEnd(22)}${'arch'.padEnd(11)}${'eps'.padStart(6)}${'inv loss'.padStart(10)}` +
      `${'nat row'.padStart(9)}${'inv row'.padStart(9)}${'inv col'.padStart(9)}  inversion`,
  ];
  report.models.forEach((m, i) => {
    lines.push(
      `${m.id.padEnd(22)}${m.architecture.padEnd(11)}${String(m.eps).padStart(6)}${f(m.inversion.meanLoss).padStart(10)}` +
        `${f(report.natural.rowMeans[i]).padStart(9)}${f(report.inverted.rowMeans[i]).padStart(9)}` +
        `${f(report.inverted.columnMeans[i]).padStart(9)}  ${m.inversion.source}`,
    );
  });
  lines.push(
    '',
    `mean off-diagonal CKA, natural images:  ${f(summary.naturalOffDiagonalMean)}   (null baseline ${f(summary.naturalNullMean)})`,
    `mean off-diagonal CKA, inverted images: ${f(summary.invertedOffDiagonalMean)}   (null baseline ${f(summary.invertedNullMean)})`,
    `prediction agreement on others' inversions: ${f(summary.agreementOffDiagonalMean.target)} as the target, ` +
      `${f(summary.agreementOffDiagonalMean.seed)} as the seed`,
    '',
    ...trendLines(report, f),
    '',
    `inversions: ${summary.inversions.computed} computed, ${summary.inversions.resumed} resumed, ` +
      `${summary.inversions.cached} from cache; total ${(report.timings.totalMs / 1000).toFixed(1)} s`,
  );
  return lines.join('\n');
}

const TREND_LABELS: Record<TrendMeasure, string> = {
  invertedRowMean: 'inverted, row mean (others on its inversions)',
  invertedColumnMean: "inverted, column mean (it on others' inversions)",
  naturalRowMean: 'natural, row mean',
  naturalColumnMean: 'natural, column mean',
};

/** Spearman of eps vs each measure over all models, then each matrix averaged by (row eps, column eps). */
function trendLines(report: StudyReport, f: (v: number | undefined, d?: number) => string): string[] {
  const overall = report.trend.correlations.filter(
    (c) => c.group === 'all' && c.measure !== 'naturalColumnMean',
  );
  if (overall.length === 0) return ['trend: not computed (needs >= 3 models and >= 2 distinct eps)'];
  const lines: string[] = [];
  for (const c of overall) {
    const perArchitecture = report.trend.correlations
      .filter((a) => a.group !== 'all' && a.measure === c.measure && a.norm === c.norm)
      .map((a) => `${a.group} ${f(a.rho, 2)}`);
    lines.push(
      `trend, eps vs ${TREND_LABELS[c.measure]}: Spearman rho ${f(c.rho)} (p ${formatP(c.p)}, n ${c.n}, ${c.norm})`,
      ...(perArchitecture.length > 0 ? [`    per architecture: ${perArchitecture.join(', ')}`] : []),
    );
  }
  for (const kind of ['natural', 'inverted'] as const) {
    const blocks = report.trend.epsBlocks[kind] ?? [];
    const levels = [...new Set(blocks.map((b) => b.rowEps))];
    lines.push('', `${kind} CKA by eps of the row model (rows) and of the column model (columns):`);
    lines.push(`${'eps'.padStart(10)}${levels.map((e) => String(e).padStart(8)).join('')}`);
    for (const rowEps of levels) {
      const cells = levels.map(
        (columnEps) => blocks.find((b) => b.rowEps === rowEps && b.columnEps === columnEps)?.mean,
      );
      lines.push(`${String(rowEps).padStart(10)}${cells.map((v) => f(v).padStart(8)).join('')}`);
    }
  }
  return lines;
}

/** A p-value with 2 significant digits: 0.041, 0.0093, 1.1e-4; '–' for NaN. */
export function formatP(p: number): string {
  if (Number.isNaN(p)) return '–';
  if (p === 0) return '0';
  return p >= 1e-3 ? p.toPrecision(2) : p.toExponential(1);
}
