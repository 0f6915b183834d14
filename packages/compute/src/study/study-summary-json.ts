/**
 * summary.json: the study's findings in a few kilobytes (issue 10 item 4), for docs/results and for comparing
 * runs: preset, dataset, pairs, iterations, every headline with its interval, the cells distinguishable from the
 * null, the trend tests, STIR and convergence headlines, wall time, backend and code version. report.json holds
 * everything behind them.
 */

import type { CellSelection } from '../stats/cell-selections.js';
import type { Headline, HeadlineMetric } from '../stats/headline.js';
import type { StudyImages } from './study-images.js';
import type { StudyReport } from './study-report.js';

export const STUDY_SUMMARY_SCHEMA = 'simlab/study-summary@1';

/** A mean with its interval bounds. */
export interface Estimate {
  mean: number;
  lower?: number;
  upper?: number;
}

export interface HeadlineSummary {
  cells: number;
  debiased: Estimate;
  biased: Estimate;
}

export interface StudySummaryJson {
  schema: typeof STUDY_SUMMARY_SCHEMA;
  createdAt: string;
  preset: string;
  dataset: { name: string; hash: string; count: number };
  /** The images of the dataset the pairs were drawn from (from..to-1), the rule and its reason and notes. */
  images?: StudyImages;
  pairs: number;
  iterations: number;
  metric: string;
  models: { id: string; architecture: string; eps: number; format: string; robustAccuracy?: number }[];
  statistics: {
    intervalGroups: number;
    level: number;
    nullPermutations: number;
    correction: string;
    alpha: number;
    covers: { debiased: string; biased: string } | null;
  };
  /** Per selection: natural, inverted, natural - inverted (debiased and biased, each with its interval). */
  headlines: Record<
    CellSelection | 'replicates',
    { natural: HeadlineSummary; inverted: HeadlineSummary; difference: Omit<HeadlineSummary, 'cells'> } | null
  > | null;
  distinguishable: {
    natural: { count: number; tests: number };
    inverted: { count: number; tests: number };
  } | null;
  trend: {
    values: string;
    tests: {
      covariate: string;
      norm: string;
      measure: string;
      rho: number;
      p: number;
      n: number;
      permutations: number;
      meanSlope: number | null;
      slopes: { architecture: string; slope: number | null }[];
    }[];
    notes: string[];
  };
  agreement: { target: number; seed: number };
  stir: {
    offDiagonalMean: { value: number; biased?: number; debiased?: number };
    headlines: Record<CellSelection, HeadlineSummary | null> | null;
  } | null;
  convergence:
    | {
        iteration: number;
        meanLoss: number;
        headlines: Record<CellSelection, HeadlineSummary | null> | null;
      }[]
    | null;
  wallTimeSeconds: number;
  backend: string;
  codeVersion: string;
}

export function studySummaryJson(report: StudyReport): StudySummaryJson {
  const { params } = report;
  const h = report.headlines;
  const sig = report.significance;
  return {
    schema: STUDY_SUMMARY_SCHEMA,
    createdAt: report.createdAt,
    preset: params.preset,
    dataset: { name: report.dataset.name, hash: report.dataset.hash, count: report.dataset.count },
    ...(report.images && { images: report.images }),
    pairs: params.pairs,
    iterations: params.inversion.iterations,
    metric: params.metric,
    models: report.models.map((m) => ({
      id: m.id,
      architecture: m.architecture,
      eps: m.eps,
      format: m.metadata?.format ?? 'tfjs-layers',
      ...(m.robustAccuracy !== undefined && { robustAccuracy: m.robustAccuracy }),
    })),
    statistics: {
      intervalGroups: params.intervalGroups ?? params.bootstrapResamples,
      level: params.confidence,
      nullPermutations: params.nullPermutations,
      correction: sig.inverted?.method ?? 'none',
      alpha: sig.inverted?.alpha ?? 0.05,
      covers: h?.covers ?? null,
    },
    headlines: h
      ? {
          paper: h.paper && comparison(h.paper),
          crossArchitecture: h.crossArchitecture && comparison(h.crossArchitecture),
          sameArchitecture: h.sameArchitecture && comparison(h.sameArchitecture),
          replicates: h.replicates && comparison(h.replicates),
        }
      : null,
    distinguishable:
      sig.natural && sig.inverted
        ? {
            natural: { count: sig.natural.distinguishableCount, tests: sig.natural.tests },
            inverted: { count: sig.inverted.distinguishableCount, tests: sig.inverted.tests },
          }
        : null,
    trend: {
      values: report.trend.values,
      tests: report.trend.correlations.map((c) => ({
        covariate: c.covariate,
        norm: c.norm,
        measure: c.measure,
        rho: c.rho,
        p: c.p,
        n: c.n,
        permutations: c.test.permutations,
        meanSlope: c.test.meanSlope,
        slopes: c.test.slopes.map(({ architecture, slope }) => ({ architecture, slope })),
      })),
      notes: report.trend.notes,
    },
    agreement: report.summary.agreementOffDiagonalMean,
    stir: report.stir
      ? {
          offDiagonalMean: report.stir.offDiagonalMean,
          headlines: report.stir.headlines ? selections(report.stir.headlines) : null,
        }
      : null,
    convergence:
      report.convergence?.map((r) => ({
        iteration: r.iteration,
        meanLoss: r.meanLoss,
        headlines: r.headlines ? selections(r.headlines) : null,
      })) ?? null,
    wallTimeSeconds: report.timings.totalMs / 1000,
    backend: report.provenance.backend.name,
    codeVersion: report.provenance.codeVersion,
  };
}

function estimate(m: HeadlineMetric): Estimate {
  return {
    mean: m.mean,
    ...(m.interval && { lower: m.interval.lower, upper: m.interval.upper }),
  };
}

function headline(h: Headline): HeadlineSummary {
  return { cells: h.cells, debiased: estimate(h.debiased), biased: estimate(h.biased) };
}

function comparison(c: NonNullable<NonNullable<StudyReport['headlines']>['paper']>) {
  return {
    natural: headline(c.natural),
    inverted: headline(c.inverted),
    difference: { debiased: estimate(c.difference.debiased), biased: estimate(c.difference.biased) },
  };
}

function selections(
  blocks: Record<CellSelection, Headline | null>,
): Record<CellSelection, HeadlineSummary | null> {
  return {
    paper: blocks.paper && headline(blocks.paper),
    crossArchitecture: blocks.crossArchitecture && headline(blocks.crossArchitecture),
    sameArchitecture: blocks.sameArchitecture && headline(blocks.sameArchitecture),
  };
}
