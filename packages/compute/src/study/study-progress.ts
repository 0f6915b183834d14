/**
 * Progress of a study whose stages overlap (inversions of several models at once, a row's cells as soon as its
 * inversion is done): per stage done/total, and one fraction of the whole. Inversion iterations (the pairs' and
 * STIR's) dominate the cost, so they weigh INVERSION_WEIGHT of the whole; the cells share the rest by count.
 */
import type { InversionProgress } from '../invert/inversion-options.js';
import type { StudyPlan } from './plan.js';

export type CellStage = 'natural' | 'inverted' | 'convergence' | 'stir';

export interface StudyProgress {
  stage: 'load' | 'inversion' | CellStage | 'artifacts';
  /** Units finished and total in this stage (inversion: iterations over all models and batches; else cells). */
  done: number;
  total: number;
  /** The whole study, 0..1. */
  fraction: number;
  /** The model concerned, and a short status line ('STIR ...' for a STIR inversion). */
  model?: string;
  detail?: string;
}

/** Share of the whole for the inversions (measured on the quick study: ~85-90% of its time). */
const INVERSION_WEIGHT = 0.85;

/** Which inversion an event is about: I_row of the pairs, or X'_row of STIR. */
export type InversionKind = 'pairs' | 'stir';

/** @param only the stage run alone (executeStudy's option); the others count for nothing. */
export function createStudyProgress(
  plan: StudyPlan,
  report: ((p: StudyProgress) => void) | undefined,
  only?: 'natural' | 'inverted',
) {
  const units = {
    pairs: only === 'natural' ? [] : plan.inversions,
    stir: only ? [] : (plan.stir?.inversions ?? []),
  };
  const perUnit = {
    pairs: units.pairs.map((u) => u.batches * u.request.settings.iterations),
    stir: units.stir.map((u) => u.batches * u.request.settings.iterations),
  };
  const inversionDone = { pairs: perUnit.pairs.map(() => 0), stir: perUnit.stir.map(() => 0) };
  const inversionTotal = sum(perUnit.pairs) + sum(perUnit.stir);
  const count = (rows: readonly { cells?: readonly unknown[]; columns?: readonly unknown[] }[]) =>
    rows.reduce((n, u) => n + (u.cells ?? u.columns ?? []).length, 0);
  const cellTotals: Record<CellStage, number> = {
    natural: only === 'inverted' ? 0 : plan.natural.cells.length,
    inverted: only === 'natural' ? 0 : count(plan.inverted),
    convergence: only ? 0 : plan.convergence.reduce((n, c) => n + count(c.rows), 0),
    stir: only ? 0 : count(plan.stir?.rows ?? []),
  };
  const cellsDone: Record<CellStage, number> = { natural: 0, inverted: 0, convergence: 0, stir: 0 };
  const cellTotal = sum(Object.values(cellTotals));
  const inversionWeight = inversionTotal === 0 ? 0 : cellTotal === 0 ? 1 : INVERSION_WEIGHT;
  const fraction = () => {
    const inverted = sum(inversionDone.pairs) + sum(inversionDone.stir);
    const inversions = inversionTotal ? inverted / inversionTotal : 1;
    const cells = cellTotal ? sum(Object.values(cellsDone)) / cellTotal : 1;
    return inversionWeight * inversions + (1 - inversionWeight) * cells;
  };
  const emitInversion = (kind: InversionKind, row: number, detail: string) =>
    report?.({
      stage: 'inversion',
      done: sum(inversionDone.pairs) + sum(inversionDone.stir),
      total: inversionTotal,
      fraction: fraction(),
      model: plan.models[row]!.id,
      detail: kind === 'stir' ? `STIR ${detail}` : detail,
    });
  return {
    inversion(kind: InversionKind, row: number, p: InversionProgress) {
      inversionDone[kind][row] = p.batch * p.iterations + p.iteration;
      emitInversion(kind, row, `batch ${p.batch + 1}/${p.batches} loss ${p.meanLoss.toFixed(3)}`);
    },
    inverted(kind: InversionKind, row: number, source: string) {
      inversionDone[kind][row] = perUnit[kind][row]!;
      emitInversion(kind, row, source);
    },
    cell(stage: CellStage, row?: number) {
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
