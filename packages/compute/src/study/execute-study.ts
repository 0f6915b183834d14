/**
 * Step 2 of the study pipeline: runs a plan's units through an executor. Every inversion (the pairs' and, with
 * STIR, the noise-seeded ones) is asked for at once; each inverted row's cells as soon as its inversion is done,
 * then its convergence cells (the same inversion's checkpoint images); each STIR row as soon as X'_row is done;
 * the natural cells beside them. The executor bounds the parallelism. The first failure cancels the rest and is
 * thrown (a cancellation by the caller too): what the executor stored stays stored, so the same plan on the same
 * executor resumes.
 */
import { InvalidArgumentError } from '../errors.js';
import type { StudyPlan } from './plan.js';
import type { CellsOutcome, Inverted, StirOutcome, StudyExecutor } from './study-executor.js';
import { createStudyProgress, type StudyProgress } from './study-progress.js';

export interface ExecuteStudyOptions {
  /**
   * Run only the natural cells, or only the inversions and inverted rows (an inverted matrix alone); either
   * leaves out convergence and STIR.
   */
  only?: 'natural' | 'inverted';
  signal?: AbortSignal;
  onProgress?: (progress: StudyProgress) => void;
}

export interface StudyResults<H> {
  /** No cells with `only: 'inverted'`. */
  natural: CellsOutcome;
  /** inversions[r]: I_r, in row order (none with `only: 'natural'`). */
  inversions: Inverted<H>[];
  /** inverted[r]: row r's cells. */
  inverted: CellsOutcome[];
  /** Per planned convergence checkpoint, in order: rows[r] the cells of row r on I_r at that iteration. */
  convergence: { iteration: number; rows: CellsOutcome[] }[];
  /** With STIR: X'_r per model and row r of the STIR matrix, in row order. */
  stir?: { inversions: Inverted<H>[]; rows: StirOutcome[] };
  /** Wall clock of each stage, its first start to its last end (the stages overlap). */
  spans: {
    naturalMs: number;
    inversionMs: number;
    invertedMs: number;
    convergenceMs?: number;
    stirMs?: number;
  };
}

/**
 * @throws InvalidArgumentError, before any work, when the plan asks for convergence or STIR and the executor
 *   cannot compute them; the first error of any unit (CancelledError when `signal` fired).
 */
export async function executeStudy<H>(
  plan: StudyPlan,
  executor: StudyExecutor<H>,
  options: ExecuteStudyOptions = {},
): Promise<StudyResults<H>> {
  const whole = options.only === undefined;
  if (whole) assertCapable(plan, executor);
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const progress = createStudyProgress(plan, options.onProgress, options.only);
  const spans = {
    natural: createSpan(),
    inversion: createSpan(),
    inverted: createSpan(),
    convergence: createSpan(),
    stir: createSpan(),
  };
  let first: { error: unknown } | undefined;
  const guard = <T>(task: Promise<T>) =>
    task.catch((error: unknown) => {
      if (!first) {
        first = { error };
        controller.abort(error);
      }
      throw error;
    });

  const natural =
    options.only === 'inverted'
      ? Promise.resolve({ cells: [], layers: {} })
      : guard(
          spans.natural.time(() =>
            executor.cells(plan.natural, undefined, { signal, onCell: () => progress.cell('natural') }),
          ),
        );
  const units = options.only === 'natural' ? [] : plan.inversions;
  const convergence = whole ? plan.convergence : [];
  const rows = units.map((unit) =>
    guard(
      (async () => {
        const inverted = await spans.inversion.time(() =>
          executor.invert(unit, { signal, onProgress: (p) => progress.inversion('pairs', unit.row, p) }),
        );
        progress.inverted('pairs', unit.row, inverted.summary.source);
        const onCell = (stage: 'inverted' | 'convergence') => () => progress.cell(stage, unit.row);
        const cells = await spans.inverted.time(() =>
          executor.cells(plan.inverted[unit.row]!, inverted.handle, { signal, onCell: onCell('inverted') }),
        );
        const atCheckpoints: CellsOutcome[] = [];
        for (const checkpoint of convergence) {
          atCheckpoints.push(
            await spans.convergence.time(() =>
              executor.checkpointCells!(checkpoint.rows[unit.row]!, inverted.handle, {
                signal,
                onCell: onCell('convergence'),
              }),
            ),
          );
        }
        return { inverted, cells, atCheckpoints };
      })(),
    ),
  );
  const stirUnits = whole ? (plan.stir?.inversions ?? []) : [];
  const stirRows = stirUnits.map((unit) =>
    guard(
      (async () => {
        const inverted = await spans.inversion.time(() =>
          executor.invert(unit, { signal, onProgress: (p) => progress.inversion('stir', unit.row, p) }),
        );
        progress.inverted('stir', unit.row, inverted.summary.source);
        const outcome = await spans.stir.time(() =>
          executor.stirCells!(plan.stir!.rows[unit.row]!, inverted.handle, {
            signal,
            onCell: () => progress.cell('stir', unit.row),
          }),
        );
        return { inverted, outcome };
      })(),
    ),
  );
  await Promise.allSettled([natural, ...rows, ...stirRows]);
  if (first) throw first.error;
  const done = await Promise.all(rows);
  const stir = await Promise.all(stirRows);
  return {
    natural: await natural,
    inversions: done.map((r) => r.inverted),
    inverted: done.map((r) => r.cells),
    convergence: convergence.map(({ iteration }, t) => ({
      iteration,
      rows: done.map((r) => r.atCheckpoints[t]!),
    })),
    ...(stirUnits.length > 0 && {
      stir: { inversions: stir.map((s) => s.inverted), rows: stir.map((s) => s.outcome) },
    }),
    spans: {
      naturalMs: spans.natural.ms(),
      inversionMs: spans.inversion.ms(),
      invertedMs: spans.inverted.ms(),
      ...(convergence.length > 0 && { convergenceMs: spans.convergence.ms() }),
      ...(stirUnits.length > 0 && { stirMs: spans.stir.ms() }),
    },
  };
}

/** A plan's convergence and STIR need the executor's optional methods: refuse before inverting anything. */
function assertCapable(plan: StudyPlan, executor: StudyExecutor<unknown>): void {
  if (plan.convergence.length > 0 && !executor.checkpointCells) {
    throw new InvalidArgumentError(
      `this study asks for convergence checkpoints [${plan.convergence.map((c) => c.iteration)}], but its driver ` +
        'cannot compute cells on checkpoint images yet; run it without convergence (params.convergence [])',
    );
  }
  if (plan.stir && !executor.stirCells) {
    throw new InvalidArgumentError(
      'this study asks for STIR, but its driver cannot compute STIR cells yet; run it without STIR (params.stir null)',
    );
  }
}

/** First start to last end of the calls timed through it. */
function createSpan() {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  return {
    async time<T>(run: () => Promise<T>): Promise<T> {
      start = Math.min(start, performance.now());
      try {
        return await run();
      } finally {
        end = Math.max(end, performance.now());
      }
    },
    ms: () => (end > start ? end - start : 0),
  };
}
