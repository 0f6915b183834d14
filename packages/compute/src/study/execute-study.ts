/**
 * Step 2 of the study pipeline: runs a plan's units through an executor. Every inversion is asked for at once
 * and each inverted row's cells as soon as its inversion is done, beside the natural cells; the executor bounds
 * the parallelism. The first failure cancels the rest and is thrown (a cancellation by the caller too): what
 * the executor stored stays stored, so the same plan on the same executor resumes.
 */
import type { StudyPlan } from './plan.js';
import type { CellsOutcome, Inverted, StudyExecutor } from './study-executor.js';
import { createStudyProgress, type StudyProgress } from './study-progress.js';

export interface ExecuteStudyOptions {
  /** Run only the natural cells, or only the inversions and inverted rows (an inverted matrix alone). */
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
  /** Wall clock of each stage, its first start to its last end (the stages overlap). */
  spans: { naturalMs: number; inversionMs: number; invertedMs: number };
}

/** @throws the first error of any unit (CancelledError when `signal` fired). */
export async function executeStudy<H>(
  plan: StudyPlan,
  executor: StudyExecutor<H>,
  options: ExecuteStudyOptions = {},
): Promise<StudyResults<H>> {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const progress = createStudyProgress(plan, options.onProgress, options.only);
  const spans = { natural: createSpan(), inversion: createSpan(), inverted: createSpan() };
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
  const rows = units.map((unit) =>
    guard(
      (async () => {
        const inverted = await spans.inversion.time(() =>
          executor.invert(unit, { signal, onProgress: (p) => progress.inversion(unit.row, p) }),
        );
        progress.inverted(unit.row, inverted.summary.source);
        const cells = await spans.inverted.time(() =>
          executor.cells(plan.inverted[unit.row]!, inverted.handle, {
            signal,
            onCell: () => progress.cell('inverted', unit.row),
          }),
        );
        return { inverted, cells };
      })(),
    ),
  );
  await Promise.allSettled([natural, ...rows]);
  if (first) throw first.error;
  const done = await Promise.all(rows);
  return {
    natural: await natural,
    inversions: done.map((r) => r.inverted),
    inverted: done.map((r) => r.cells),
    spans: {
      naturalMs: spans.natural.ms(),
      inversionMs: spans.inversion.ms(),
      invertedMs: spans.inverted.ms(),
    },
  };
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
