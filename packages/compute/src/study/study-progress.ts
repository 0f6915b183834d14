/**
 * Progress of a study whose stages overlap (inversions of several models at once, a row's cells as soon as its
 * inversion is done): per stage done/total, and one fraction of the whole. Inversion iterations dominate the
 * cost, so they weigh INVERSION_WEIGHT of the whole; the cells share the rest by count.
 */
import type { InversionProgress } from '../invert/inversion-options.js';
import type { StudyPlan } from './plan.js';

export interface StudyProgress {
  stage: 'load' | 'natural' | 'inversion' | 'inverted' | 'artifacts';
  /** Units finished and total in this stage (inversion: iterations over all models and batches; else cells). */
  done: number;
  total: number;
  /** The whole study, 0..1. */
  fraction: number;
  /** The model concerned, and a short status line. */
  model?: string;
  detail?: string;
}

/** Share of the whole for the inversions (measured on the quick study: ~85-90% of its time). */
const INVERSION_WEIGHT = 0.85;

/** @param only the stage run alone (executeStudy's option); the other counts for nothing. */
export function createStudyProgress(
  plan: StudyPlan,
  report: ((p: StudyProgress) => void) | undefined,
  only?: 'natural' | 'inverted',
) {
  const perUnit = plan.inversions.map((u) =>
    only === 'natural' ? 0 : u.batches * u.request.settings.iterations,
  );
  const inversionTotal = perUnit.reduce((a, b) => a + b, 0);
  const inversionDone = perUnit.map(() => 0);
  const cellTotals = {
    natural: only === 'inverted' ? 0 : plan.natural.cells.length,
    inverted: only === 'natural' ? 0 : plan.inverted.reduce((n, u) => n + u.cells.length, 0),
  };
  const cellsDone = { natural: 0, inverted: 0 };
  const cellTotal = cellTotals.natural + cellTotals.inverted;
  const inversionWeight = inversionTotal === 0 ? 0 : cellTotal === 0 ? 1 : INVERSION_WEIGHT;
  const fraction = () => {
    const inversions = inversionTotal ? sum(inversionDone) / inversionTotal : 1;
    const cells = cellTotal ? (cellsDone.natural + cellsDone.inverted) / cellTotal : 1;
    return inversionWeight * inversions + (1 - inversionWeight) * cells;
  };
  const emitInversion = (row: number, detail: string) =>
    report?.({
      stage: 'inversion',
      done: sum(inversionDone),
      total: inversionTotal,
      fraction: fraction(),
      model: plan.models[row]!.id,
      detail,
    });
  return {
    inversion(row: number, p: InversionProgress) {
      inversionDone[row] = p.batch * p.iterations + p.iteration;
      emitInversion(row, `batch ${p.batch + 1}/${p.batches} loss ${p.meanLoss.toFixed(3)}`);
    },
    inverted(row: number, source: string) {
      inversionDone[row] = perUnit[row]!;
      emitInversion(row, source);
    },
    cell(stage: 'natural' | 'inverted', row?: number) {
      cellsDone[stage]++;
      report?.({
        stage,
        done: cellsDone[stage],
        total: cellTotals[stage],
        fraction: fraction(),
        ...(row !== undefined && { model: plan.models[row]!.id }),
      });
    },
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
