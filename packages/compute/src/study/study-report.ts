/**
 * The study's report (report.json): results with everything that produced them (SPEC §7). The summary text the
 * CLI prints is format-study-summary.ts; the short summary.json is study-summary-json.ts.
 *
 * Schema 2 (issues 9, 10, 13): every cell biased and debiased with jackknife intervals and permutation p-values,
 * Benjamini-Hochberg marks per matrix, like-for-like headlines, permutation trend tests against training eps and
 * measured robust accuracy, and optionally STIR and convergence; models may be imported (ONNX).
 */
import type { ImageShape } from '../data/validate.js';
import type { ClassifierMetadata } from '../models/classifier.js';
import type { ComputeProvenance } from '../provenance.js';
import type { SimilarityMatrix } from '../similarity/matrix.js';
import type { CellSelection } from '../stats/cell-selections.js';
import type { Headline } from '../stats/headline.js';
import type { StirMatrix } from '../stir/stir-matrix.js';
import type { StirSettings } from '../stir/stir-settings.js';
import type { AttackNorm } from '../train/pgd.js';
import type { InversionSummary } from './study-executor.js';
import type { StudyImages } from './study-images.js';
import type { StudyParams } from './study-params.js';
import type { MatrixSignificance, StudyHeadlines } from './study-statistics.js';
import type { SimilarityTrend, TrendCorrelation } from './trend.js';

export const STUDY_REPORT_SCHEMA = 'simlab/study-report@2';

/** How an inversion was obtained, its losses and cost; `cacheKey` names it in the driver's store. */
export type InversionReport = Omit<InversionSummary, 'key'> & { cacheKey: string };

export interface StudyModelReport {
  id: string;
  /** Zoo architecture id, or an imported model's own name. */
  architecture: string;
  eps: number;
  norm: AttackNorm;
  weightsHash: string;
  /** Checkpoint directory or ONNX file, when loaded from one. */
  dir?: string;
  /** Representation layer used. */
  layer: string;
  /** Format, name, input shape, classes, parameters (an ONNX model's details too). */
  metadata?: Omit<ClassifierMetadata, 'weightsHash' | 'representationLayer'>;
  /** From the model card, when it has them (zoo v2): init seed and replicate number. */
  seed?: number;
  replicate?: number;
  /** Measured on the card's robustness grid: clean accuracy and accuracy at params.robustAccuracyEps. */
  cleanAccuracy?: number;
  robustAccuracy?: number;
  robustnessGrid?: { eps: number; accuracy: number }[];
  inversion: InversionReport;
  /** With STIR: X' through this model (noise seeds, STIR's settings). */
  stirInversion?: InversionReport;
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

/** STIR over the study's models (SPEC §5), X = the pairs' targets (the natural matrix's images). */
export interface StudyStir {
  settings: StirSettings;
  /** values[r][c] = STIR(M_c | M_r) = CKA(rep_c(X), rep_c(X'_r)); cells without jackknife replicates. */
  matrix: StirMatrix;
  /** Both directions of every pair: STIR(b | a) = S[a][b], STIR(a | b) = S[b][a]. */
  directions: { a: string; b: string; stirBGivenA: number; stirAGivenB: number }[];
  /** Off-diagonal means of biased and debiased STIR (linear and debiased metrics). */
  offDiagonalMean: { value: number; biased?: number; debiased?: number };
  /** The like-for-like selections of the STIR matrix (undefined for rbf/minibatch). */
  headlines?: Record<CellSelection, Headline | null>;
  significance?: MatrixSignificance;
}

/** The inverted matrix at one convergence checkpoint (the last iteration's is the inverted matrix itself). */
export interface ConvergenceRecord {
  iteration: number;
  /** Mean relative loss of every model's inversions at this checkpoint. */
  meanLoss: number;
  /** The matrix metric's values, and debiased CKA's (linear and debiased metrics). */
  values: number[][];
  debiasedValues?: number[][];
  offDiagonalMean: { value: number; biased?: number; debiased?: number };
  /** Like-for-like headline means with intervals (cells at checkpoints carry intervals, no null). */
  headlines?: Record<CellSelection, Headline | null>;
}

export interface StudySummary {
  naturalOffDiagonalMean: number;
  invertedOffDiagonalMean: number;
  /** Mean over off-diagonal cells of the permutation null baseline (what unrelated data scores). */
  naturalNullMean?: number;
  invertedNullMean?: number;
  /** Off-diagonal means of the prediction agreement (see StudyAgreement). */
  agreementOffDiagonalMean: { target: number; seed: number };
  /** The trend test of training eps against the inverted row mean (first robust norm), when it could run. */
  trend?: TrendCorrelation;
  inversions: { computed: number; resumed: number; cached: number };
}

export interface StudyReport {
  schema: typeof STUDY_REPORT_SCHEMA;
  createdAt: string;
  provenance: ComputeProvenance;
  params: StudyParams;
  dataset: { name: string; source: string; hash: string; count: number; imageShape: ImageShape };
  /**
   * The images of `dataset` the pairs were drawn from (from..to-1) and why: those the models did not train on,
   * from their cards (study-images.ts); notes say what the cards could not settle. Absent in reports written
   * before the rule was shared (the server's then drew from the whole dataset).
   */
  images?: StudyImages;
  /** The inverted datasets' pairs (indices into `dataset`); the targets are also the natural images. */
  pairs: {
    seed: number;
    count: number;
    seedIndices: number[];
    targetIndices: number[];
    seedLabels: number[];
    targetLabels: number[];
  };
  models: StudyModelReport[];
  /** Cells: biased and debiased CKA, intervals, nulls with p-values (jackknife replicates dropped). */
  natural: SimilarityMatrix;
  inverted: SimilarityMatrix;
  /** Benjamini-Hochberg marks per matrix (absent without nulls). */
  significance: { natural?: MatrixSignificance; inverted?: MatrixSignificance };
  /** Like-for-like headlines (absent for rbf and minibatch CKA). */
  headlines?: StudyHeadlines;
  agreement: StudyAgreement;
  trend: SimilarityTrend;
  stir?: StudyStir;
  /** With params.convergence: checkpoints in order, the last iteration's (the inverted matrix) last. */
  convergence?: ConvergenceRecord[];
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
    convergenceMs?: number;
    stirMs?: number;
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

/** A p-value with 2 significant digits: 0.041, 0.0093, 1.1e-4; '–' for NaN. */
export function formatP(p: number): string {
  if (Number.isNaN(p)) return '–';
  if (p === 0) return '0';
  return p >= 1e-3 ? p.toPrecision(2) : p.toExponential(1);
}
