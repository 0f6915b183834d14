/**
 * Step 2 of the study pipeline: what a driver injects. The plan (plan.ts) says what to compute; an executor
 * says where and how results are stored and in parallel with what. The CLI's executor inverts on worker
 * threads through the disk cache (local-executor.ts); the server's stores batches and cells in its database
 * and runs compute children (apps/server/src/jobs/study-executor.ts). Both compute cells with the one
 * function computeImageSetCells, so the numbers cannot differ by driver.
 *
 * executeStudy calls `invert` for every unit at once and `cells` as soon as its images exist: the executor
 * bounds the parallelism (a pool of threads or processes) and may return stored results instead of computing.
 *
 * Convergence checkpoints and STIR (issue 10) are two optional methods, `checkpointCells` and `stirCells`: an
 * executor that has them must also honour `request.checkpoints` and `request.seedNoise` in `invert`; executeStudy
 * refuses, before any work, a plan that needs one of them from an executor without it.
 */
import type { InversionProgress } from '../invert/inversion-options.js';
import type { MatrixCell } from '../similarity/matrix.js';
import type { StirCell } from '../stir/stir-matrix.js';
import type { CellPair, CellsUnit, CheckpointCellsUnit, InversionUnit, StirCellsUnit } from './plan.js';

/** What the report says of one inversion (SPEC §7: how it was obtained, its quality, its cost). */
export interface InversionSummary {
  /** The unit's key: the name of the inverted dataset in the driver's store. */
  key: string;
  /** 'cache': stored whole; 'resumed': some batches were stored; 'computed': all batches ran now. */
  source: 'cache' | 'resumed' | 'computed';
  /** Batches inverted by this run. */
  batchesComputed: number;
  /** Mean relative feature distance of the returned images, and of the seeds (iterate 0). */
  meanLoss: number;
  meanSeedLoss: number;
  /** Sum over samples of iterations without gradient (no step taken). */
  zeroGradientSteps: number;
  msPerIteration: number;
  totalMs: number;
  /** With request.checkpoints: the mean loss of the images held at each checkpoint, in iteration order. */
  checkpoints?: { iteration: number; meanLoss: number }[];
}

/** An inversion as the executor holds it (`handle`: images, stored batches...) and as the report shows it. */
export interface Inverted<H> {
  handle: H;
  summary: InversionSummary;
}

/**
 * Prediction agreement of an inverted cell (SPEC §5): of the row model's inversions, the share the column
 * model classifies as the pair's target label and as its seed label.
 */
export interface PredictionAgreement {
  target: number;
  seed: number;
  n: number;
}

export interface StudyCell extends CellPair {
  cell: MatrixCell;
  /** Inverted cells only. */
  agreement?: PredictionAgreement;
}

export interface CellsOutcome {
  /** One per requested cell, in any order. */
  cells: StudyCell[];
  /** Representation layer resolved per model index (the models this unit touched). */
  layers: Record<number, string>;
}

export interface InvertContext {
  signal: AbortSignal;
  onProgress(progress: InversionProgress): void;
}

export interface CellsContext {
  signal: AbortSignal;
  /** Called as each cell is known (computed or read from the store). */
  onCell(cell: StudyCell): void;
}

/** Row r of the STIR matrix, and the representation layer resolved per model index. */
export interface StirOutcome {
  cells: StirCell[];
  layers: Record<number, string>;
}

export interface StirCellsContext {
  signal: AbortSignal;
  onCell(cell: StirCell): void;
}

export interface StudyExecutor<H> {
  /**
   * The unit's inversion, stored, resumed or computed; each finished batch stored as the driver stores them. With
   * `request.checkpoints`, the handle also holds the images at each checkpoint (for checkpointCells); with
   * `request.seedNoise`, the seeds are that noise and the settings STIR's (invertForStir; for stirCells).
   */
  invert(unit: InversionUnit, context: InvertContext): Promise<Inverted<H>>;
  /**
   * The unit's cells; `inversion` is I_row's handle for an inverted unit (undefined for the natural one).
   * Cells the driver already stored may be returned without recomputing them.
   */
  cells(unit: CellsUnit, inversion: H | undefined, context: CellsContext): Promise<CellsOutcome>;
  /**
   * Convergence (optional): the unit's cells on the images I_row held at `unit.images.iteration` (`inversion`
   * was made with that checkpoint), with `unit.nullPermutations` instead of the study's.
   */
  checkpointCells?(unit: CheckpointCellsUnit, inversion: H, context: CellsContext): Promise<CellsOutcome>;
  /**
   * STIR (optional): row `unit.row` of the STIR matrix, STIR(M_c | M_row) = CKA(rep_c(X), rep_c(X'_row)) for each
   * column c, X the natural images (the pairs' targets) and `inversion` X'_row (stir-matrix.ts stirRowCells).
   */
  stirCells?(unit: StirCellsUnit, inversion: H, context: StirCellsContext): Promise<StirOutcome>;
}
