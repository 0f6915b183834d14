/**
 * Progress of a study whose stages overlap (inversions of several models at once, a row's cells as soon as its
 * inversion is done): per stage done/total, and one fraction of the whole. Inversion iterations (the pairs' and
 * STIR's) dominate the cost, so they weigh INVERSION_WEIGHT of the whole; the cells share the rest by count.
 *
 * An iteration's cost differs ~50x between the zoo's architectures (an MLP's against a Mixer's), so iterations are
 * weighted by their measured wall time: each inversion's own once it has run a few, before that the mean of its
 * architecture's measured ones, else of all measured ones (equal weights until the first is measured). The
 * fraction is kept from going back when an estimate changes: the bar waits for the work to catch up.
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

/** Iterations an inversion runs before its own per-iteration time is trusted (the first carry setup costs). */
const MEASURED_AFTER = 5;

/**
 * @param only the stage run alone (executeStudy's option); the others count for nothing.
 * @param now the clock the inversions' iteration times are measured with (tests give their own).
 */
export function createStudyProgress(
  plan: StudyPlan,
  report: ((p: StudyProgress) => void) | undefined,
  only?: 'natural' | 'inverted',
  now: () => number = () => performance.now(),
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
  const iterationCost = createIterationCosts(plan);
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
  const kinds: InversionKind[] = ['pairs', 'stir'];
  let reported = 0;
  const fraction = () => {
    // One estimate per call, shared by the numerator and the denominator.
    const cost = iterationCost.estimates();
    const weighted = (of: (kind: InversionKind, i: number) => number) =>
      sum(kinds.flatMap((kind) => units[kind].map((unit, i) => of(kind, i) * cost(kind, unit.row))));
    const inversions = inversionTotal
      ? weighted((kind, i) => inversionDone[kind][i]!) / weighted((kind, i) => perUnit[kind][i]!)
      : 1;
    const cells = cellTotal ? sum(Object.values(cellsDone)) / cellTotal : 1;
    reported = Math.max(reported, inversionWeight * inversions + (1 - inversionWeight) * cells);
    return reported;
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
      iterationCost.observe(kind, row, inversionDone[kind][row]!, now());
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

/**
 * Wall time per iteration of each inversion (kind, row) as measured from its progress events, and the estimate
 * for one not measured yet (its architecture's mean, else the mean of all, else 1).
 */
function createIterationCosts(plan: StudyPlan) {
  const first = new Map<string, { done: number; at: number }>();
  const measured = new Map<string, { row: number; ms: number }>();
  const key = (kind: InversionKind, row: number) => `${kind} ${row}`;
  const mean = (values: number[]) => (values.length ? sum(values) / values.length : undefined);
  return {
    observe(kind: InversionKind, row: number, done: number, at: number) {
      const start = first.get(key(kind, row));
      // Timed from the first event seen, so a resumed inversion's earlier batches do not count as instant.
      if (!start) first.set(key(kind, row), { done, at });
      else if (done - start.done >= MEASURED_AFTER && at > start.at)
        measured.set(key(kind, row), { row, ms: (at - start.at) / (done - start.done) });
    },
    /** The cost of an iteration of each inversion as now measured or estimated (means taken once). */
    estimates(): (kind: InversionKind, row: number) => number {
      const all = [...measured.values()];
      const overall = mean(all.map((m) => m.ms)) ?? 1;
      const byArchitecture = new Map<string, number[]>();
      for (const m of all) {
        const architecture = plan.models[m.row]!.architecture;
        byArchitecture.set(architecture, [...(byArchitecture.get(architecture) ?? []), m.ms]);
      }
      const architectureMean = new Map([...byArchitecture].map(([a, ms]) => [a, mean(ms)!]));
      return (kind, row) =>
        measured.get(key(kind, row))?.ms ?? architectureMean.get(plan.models[row]!.architecture) ?? overall;
    },
  };
}
