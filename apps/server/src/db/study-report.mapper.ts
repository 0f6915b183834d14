/**
 * A study's report (compute's StudyReport, stored as study.report) as the GraphQL views of its statistics:
 * like-for-like headlines, trend tests, prediction agreement, STIR and convergence. The report names models by
 * its own ids in row order; GraphQL names them by the study's model ids, in the same order.
 */
import type {
  CellSelection,
  Headline as ComputeHeadline,
  HeadlineMetric as ComputeHeadlineMetric,
  StudyHeadlines as ComputeStudyHeadlines,
  ConvergenceRecord,
  StudyReport,
} from '@simlab/compute';
import type { AgreementMatrix } from '../schema/agreement-matrix.type.js';
import type { ConvergencePoint } from '../schema/convergence-point.type.js';
import type { Headline } from '../schema/headline.type.js';
import type { HeadlineBlocks } from '../schema/headline-blocks.type.js';
import type { HeadlineComparison } from '../schema/headline-comparison.type.js';
import type { HeadlineMetric } from '../schema/headline-metric.type.js';
import type { OffDiagonalMeans } from '../schema/off-diagonal-means.type.js';
import type { StudyHeadlines } from '../schema/study-headlines.type.js';
import type { StudyStir } from '../schema/study-stir.type.js';
import {
  finite,
  finiteMatrix,
  intervalCovers,
  toJackknifeInterval,
  toMatrixSignificance,
  toReportCells,
} from './cell-statistics.mapper.js';

function toHeadlineMetric(metric: ComputeHeadlineMetric, covers: string): HeadlineMetric {
  return {
    mean: metric.mean,
    interval: metric.interval ? toJackknifeInterval(metric.interval, covers) : null,
  };
}

function toHeadline(headline: ComputeHeadline, n: number): Headline {
  return {
    cells: headline.cells,
    debiased: toHeadlineMetric(headline.debiased, intervalCovers('debiased', n)),
    biased: toHeadlineMetric(headline.biased, intervalCovers('biased', n)),
  };
}

export function toStudyHeadlines(headlines: ComputeStudyHeadlines, n: number): StudyHeadlines {
  const compare = (c: ComputeStudyHeadlines['paper']): HeadlineComparison | null =>
    c && {
      natural: toHeadline(c.natural, n),
      inverted: toHeadline(c.inverted, n),
      difference: {
        debiased: toHeadlineMetric(c.difference.debiased, intervalCovers('debiased', n)),
        biased: toHeadlineMetric(c.difference.biased, intervalCovers('biased', n)),
      },
    };
  return {
    level: headlines.level,
    groups: headlines.groups,
    debiasedCovers: headlines.covers.debiased,
    biasedCovers: headlines.covers.biased,
    paper: compare(headlines.paper),
    crossArchitecture: compare(headlines.crossArchitecture),
    sameArchitecture: compare(headlines.sameArchitecture),
  };
}

export function toHeadlineBlocks(
  blocks: Record<CellSelection, ComputeHeadline | null> | undefined,
  n: number,
): HeadlineBlocks | null {
  if (!blocks) return null;
  const one = (h: ComputeHeadline | null) => (h ? toHeadline(h, n) : null);
  return {
    paper: one(blocks.paper),
    crossArchitecture: one(blocks.crossArchitecture),
    sameArchitecture: one(blocks.sameArchitecture),
  };
}

function toOffDiagonalMeans(means: { value: number; biased?: number; debiased?: number }): OffDiagonalMeans {
  return { value: finite(means.value), biased: finite(means.biased), debiased: finite(means.debiased) };
}

export function toAgreementMatrix(agreement: StudyReport['agreement']): AgreementMatrix {
  return {
    target: finiteMatrix(agreement.target),
    seed: finiteMatrix(agreement.seed),
    targetOffDiagonalMean: finite(agreement.targetOffDiagonalMean),
    seedOffDiagonalMean: finite(agreement.seedOffDiagonalMean),
  };
}

export function toStudyStir(report: StudyReport, modelIds: readonly string[]): StudyStir | null {
  const { stir } = report;
  if (!stir) return null;
  const index = new Map(report.models.map((m, i) => [m.id, i]));
  const idOf = (reportId: string) => modelIds[index.get(reportId)!]!;
  const { inversion, noise, noiseSeed } = stir.settings;
  const cells = stir.matrix.cells;
  const debiased = cells.every((row) => row.every((cell) => cell.debiased));
  return {
    settings: { ...inversion, noise, noiseSeed },
    values: finiteMatrix(stir.matrix.values),
    debiasedValues: debiased ? cells.map((row) => row.map((cell) => finite(cell.debiased!.value))) : null,
    cells: toReportCells(cells, stir.significance),
    directions: stir.directions.map((d) => ({
      modelAId: idOf(d.a),
      modelBId: idOf(d.b),
      stirBGivenA: finite(d.stirBGivenA),
      stirAGivenB: finite(d.stirAGivenB),
    })),
    offDiagonalMean: toOffDiagonalMeans(stir.offDiagonalMean),
    headlines: toHeadlineBlocks(stir.headlines, report.pairs.count),
    significance: stir.significance ? toMatrixSignificance(stir.significance) : null,
  };
}

export function toConvergence(report: StudyReport): ConvergencePoint[] {
  return (report.convergence ?? []).map((record: ConvergenceRecord) => ({
    iteration: record.iteration,
    meanLoss: finite(record.meanLoss),
    values: finiteMatrix(record.values),
    debiasedValues: record.debiasedValues ? finiteMatrix(record.debiasedValues) : null,
    offDiagonalMean: toOffDiagonalMeans(record.offDiagonalMean),
    headlines: toHeadlineBlocks(record.headlines, report.pairs.count),
  }));
}
