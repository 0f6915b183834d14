/**
 * Similarity matrices over a set of models (SPEC §5):
 *
 *   natural   S[r][c] = CKA(rep_r(X), rep_c(X))        on the same natural images X; symmetric
 *   inverted  S[r][c] = CKA(rep_r(I_r), rep_c(I_r))    I_r inverted through the row model r; not symmetric
 *
 * Every cell carries its n, p, q; for linear and debiased CKA both values, and off the diagonal on request their
 * permutation nulls with p-values and grouped-jackknife intervals with the leave-one-group-out replicates
 * (src/stats/cell-statistics.ts), so a reader can tell a real difference from noise. Every cell over the same n
 * inputs uses the same groups (createInputGroups(n, G, seed) is a pure function), so replicates average into
 * headline intervals (src/stats/headline.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError, throwIfAborted } from '../errors.js';
import type { ModelLike } from '../models/classifier.js';
import { createRepresentationModel, type RepresentationModel } from '../models/representation.js';
import { cellStatistics, type MetricStatistics } from '../stats/cell-statistics.js';
import { createInputGroups, groupCountFor, type InputGroups } from '../stats/input-groups.js';
import type { JackknifeInterval } from '../stats/jackknife.js';
import type { Activations } from './activations.js';
import { type CkaOptions, cka } from './cka.js';
import type { CkaMetric } from './cka-result.js';
import { nullBaseline } from './null-baseline.js';

/** Images [n, h, w, c] in [0, 1]: a tensor (not disposed) or NHWC floats in the model's input shape. */
export type ImagesInput = tf.Tensor4D | Float32Array;

export interface RepresentationsOptions {
  /** Layer whose output is the representation; default the input of the final Dense layer (SPEC §2). */
  layer?: string;
  /** Images per forward pass; default 128. */
  batchSize?: number;
  signal?: AbortSignal;
}

/**
 * The flattened representation [n, d] of `images`, in inference mode, computed in batches (each in tf.tidy) and
 * read back into one float32 array. Accepts any model (a TF.js LayersModel or a ClassifierModel such as an imported
 * ONNX model) or a ready RepresentationModel (then `layer` is ignored).
 * @throws ShapeMismatchError when a Float32Array does not hold whole images of the model's input shape.
 */
export async function representations(
  model: ModelLike | RepresentationModel,
  images: ImagesInput,
  options: RepresentationsOptions = {},
): Promise<Activations> {
  const rep = 'represent' in model ? model : createRepresentationModel(model, options.layer);
  const batchSize = options.batchSize ?? 128;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError(`batchSize ${batchSize} must be a positive integer, e.g. 128`);
  }
  const shape = rep.inputShape;
  const size = shape.reduce((a, b) => a * b, 1);
  const n = images instanceof Float32Array ? images.length / size : (images.shape[0] ?? 0);
  if (!Number.isInteger(n)) {
    throw new ShapeMismatchError(
      `${(images as Float32Array).length} pixel values are not whole images of the model's input [${shape.join(', ')}]`,
    );
  }
  const data = new Float32Array(n * rep.dim);
  for (let start = 0; start < n; start += batchSize) {
    throwIfAborted(options.signal, 'representations');
    const count = Math.min(batchSize, n - start);
    const out = tf.tidy(() => {
      const x =
        images instanceof Float32Array
          ? tf.tensor4d(images.subarray(start * size, (start + count) * size), [count, ...shape] as never)
          : tf.slice(images, start, count); // [count, h, w, c]
      return rep.represent(x); // [count, d]
    });
    data.set((await out.data()) as Float32Array, start * rep.dim);
    out.dispose();
  }
  return { data, n, p: rep.dim };
}

/** A model in a matrix: its id (row and column label) and the model (a zoo checkpoint or an imported one). */
export interface MatrixModel {
  id: string;
  model: ModelLike;
}

export interface MatrixProgress {
  stage: 'representations' | 'cells';
  done: number;
  total: number;
}

export interface MatrixOptions extends RepresentationsOptions {
  /** CKA metric, by name or with its options (as for `cka`); default 'linear'. */
  metric?: CkaMetric | CkaOptions;
  /** Row shuffles of the null baseline per off-diagonal cell; 0 (default) skips it. */
  nullPermutations?: number;
  /**
   * Jackknife groups G per off-diagonal cell (a cell on n inputs uses min(G, n)); 0 (default) skips intervals
   * and replicates. Linear and debiased CKA only.
   */
  intervalGroups?: number;
  /** @deprecated The old name of `intervalGroups` (there is no bootstrap any more); used when that is absent. */
  bootstrapResamples?: number;
  /** Coverage of the intervals; default 0.95. */
  confidence?: number;
  /** Seed of the shuffles and of the jackknife groups, the same for every cell (paired comparisons); default 0. */
  seed?: number;
  onProgress?: (progress: MatrixProgress) => void;
}

export interface MatrixCell {
  /** The matrix's metric (SimilarityMatrix.metric). */
  value: number;
  /** Inputs compared, units of the row model's side (p) and of the column model's side (q). */
  n: number;
  p: number;
  q: number;
  /**
   * Metrics linear and debiased: biased (linear) and debiased CKA of the cell, each with (off the diagonal, when
   * asked) its jackknife interval, leave-one-group-out replicates and permutation null (MetricStatistics).
   */
  biased?: MetricStatistics;
  debiased?: MetricStatistics;
  /** Interval of `value`'s metric (= biased.interval or debiased.interval). */
  interval?: JackknifeInterval;
  /** Permutation null of `value`'s metric, with its p-value (1 + #{null >= value}) / (K + 1). */
  nullBaseline?: { mean: number; std: number; pValue: number; permutations: number };
  /** @deprecated `interval` under its old name and shape (resamples = jackknife groups). */
  bootstrap?: { lower: number; upper: number; confidence: number; resamples: number };
}

export interface SimilarityMatrix {
  kind: 'natural' | 'inverted';
  /** Row and column labels, in the order of the models given. */
  ids: string[];
  /** Representation layer of each model. */
  layers: string[];
  metric: CkaMetric;
  /** values[r][c] = cells[r][c].value. */
  values: number[][];
  cells: MatrixCell[][];
  /** Mean of the k(k-1) entries off the diagonal (SPEC §5). */
  offDiagonalMean: number;
  /** Per row r: mean of S[r][c] over c != r. */
  rowMeans: number[];
  /** Per column c: mean of S[r][c] over r != c. */
  columnMeans: number[];
  nullPermutations: number;
  /**
   * Jackknife groups asked for per off-diagonal cell (0: none); a cell on n inputs uses min(G, n). Always set by
   * assembleMatrix; optional only so that matrices built by hand elsewhere still type-check.
   */
  intervalGroups?: number;
  /** @deprecated Same as intervalGroups. */
  bootstrapResamples: number;
  seed: number;
}

/**
 * The natural matrix: every model's representation of `images` is computed once, then the k(k+1)/2 cells on
 * and above the diagonal; the lower triangle mirrors them (CKA is symmetric; p and q swap).
 * @throws InvalidArgumentError for fewer than 2 models or repeated ids; what the metric throws.
 */
export async function naturalMatrix(
  models: readonly MatrixModel[],
  images: ImagesInput,
  options: MatrixOptions = {},
): Promise<SimilarityMatrix> {
  const k = checkModels(models);
  const progress = progressReporter(options, k + (k * (k + 1)) / 2);
  const reps = models.map((m) => createRepresentationModel(m.model, options.layer));
  const acts: Activations[] = [];
  for (const rep of reps) {
    acts.push(await representations(rep, images, options));
    progress.tick('representations');
  }
  const cells: MatrixCell[][] = Array.from({ length: k }, () => new Array<MatrixCell>(k));
  for (let r = 0; r < k; r++) {
    for (let c = r; c < k; c++) {
      const cell = await computeCell(acts[r]!, acts[c]!, options, r !== c);
      cells[r]![c] = cell;
      cells[c]![r] = { ...cell, p: cell.q, q: cell.p };
      progress.tick('cells');
    }
  }
  return assembleMatrix(
    'natural',
    models.map((m) => m.id),
    reps.map((rep) => rep.layerName),
    cells,
    options,
  );
}

/**
 * The inverted matrix: row r compares every model on `inversions[r]`, the images inverted through model r.
 * All k^2 cells are computed; the diagonal is reported as computed (CKA of a representation with itself, ~1).
 * @throws InvalidArgumentError when `inversions` does not hold one image set per model; as `naturalMatrix`.
 */
export async function invertedMatrix(
  models: readonly MatrixModel[],
  inversions: readonly ImagesInput[],
  options: MatrixOptions = {},
): Promise<SimilarityMatrix> {
  const k = checkModels(models);
  if (inversions.length !== k) {
    throw new InvalidArgumentError(
      `${inversions.length} inverted image sets for ${k} models; pass one per model, made through that model`,
    );
  }
  const progress = progressReporter(options, k * k + k * k);
  const reps = models.map((m) => createRepresentationModel(m.model, options.layer));
  const cells: MatrixCell[][] = [];
  for (let r = 0; r < k; r++) {
    const acts: Activations[] = []; // rep_c(I_r) for every column c
    for (const rep of reps) {
      acts.push(await representations(rep, inversions[r]!, options));
      progress.tick('representations');
    }
    const row: MatrixCell[] = [];
    for (let c = 0; c < k; c++) {
      row.push(await computeCell(acts[r]!, acts[c]!, options, r !== c));
      progress.tick('cells');
    }
    cells.push(row);
  }
  return assembleMatrix(
    'inverted',
    models.map((m) => m.id),
    reps.map((rep) => rep.layerName),
    cells,
    options,
  );
}

/** Mean of the entries with r != c. */
export function offDiagonalMean(values: readonly (readonly number[])[]): number {
  let sum = 0;
  let count = 0;
  values.forEach((row, r) => {
    row.forEach((v, c) => {
      if (r !== c) {
        sum += v;
        count++;
      }
    });
  });
  return sum / count;
}

function ckaOptionsOf(options: Pick<MatrixOptions, 'metric'>): CkaOptions {
  const metric = options.metric ?? 'linear';
  return typeof metric === 'string' ? ({ metric } as CkaOptions) : metric;
}

/**
 * One cell; the one cell computation: the matrices here and the study pipeline (study/image-set-cells.ts, used by
 * the CLI and by the server's compute children) all call it.
 * Linear and debiased CKA: both values through `cellStatistics`, and off the diagonal (`withStatistics`) the
 * permutation null and the jackknife interval asked for, on groups createInputGroups(n, min(G, n), seed), the
 * same for every cell over n inputs. Other metrics: the value, and the null through `nullBaseline`.
 * @throws InvalidArgumentError when intervals are asked for a metric other than linear and debiased.
 */
export async function computeCell(
  a: Activations,
  b: Activations,
  options: MatrixOptions,
  withStatistics: boolean,
): Promise<MatrixCell> {
  throwIfAborted(options.signal, 'similarity matrix');
  const ckaOptions = { ...ckaOptionsOf(options), signal: options.signal } as CkaOptions;
  const metric = ckaOptions.metric ?? 'linear';
  const seed = options.seed ?? 0;
  const permutations = withStatistics ? (options.nullPermutations ?? 0) : 0;
  const requested = withStatistics ? intervalGroupsOf(options) : 0;
  if (metric !== 'linear' && metric !== 'debiased') {
    if (requested > 0) {
      throw new InvalidArgumentError(
        `intervals are offered for linear and debiased CKA only (their coverage is measured, docs/statistics.md), ` +
          `not ${metric}; set intervalGroups to 0 or use metric linear or debiased`,
      );
    }
    const { value, n, p, q } = await cka(a, b, ckaOptions);
    const cell: MatrixCell = { value, n, p, q };
    if (permutations > 0) {
      const baseline = await nullBaseline(a, b, {
        cka: ckaOptions,
        permutations,
        seed,
        signal: options.signal,
      });
      cell.nullBaseline = { mean: baseline.mean, std: baseline.std, pValue: baseline.pValue, permutations };
    }
    return cell;
  }
  const groups: InputGroups | undefined =
    requested > 0 ? createInputGroups(a.n, groupCountFor(requested, a.n), seed) : undefined;
  const stats = await cellStatistics(a, b, {
    ...(groups ? { groups } : { intervalGroups: 0 }),
    level: options.confidence,
    permutations,
    seed,
    signal: options.signal,
  });
  const chosen = metric === 'debiased' ? stats.debiased : stats.biased;
  const cell: MatrixCell = {
    value: chosen.value,
    n: stats.n,
    p: stats.p,
    q: stats.q,
    biased: stats.biased,
    debiased: stats.debiased,
  };
  if (chosen.interval) {
    cell.interval = chosen.interval;
    cell.bootstrap = {
      lower: chosen.interval.lower,
      upper: chosen.interval.upper,
      confidence: chosen.interval.level,
      resamples: chosen.interval.groups,
    };
  }
  if (chosen.null) {
    const { mean, std, pValue } = chosen.null;
    cell.nullBaseline = { mean, std, pValue, permutations };
  }
  return cell;
}

function intervalGroupsOf(options: Pick<MatrixOptions, 'intervalGroups' | 'bootstrapResamples'>): number {
  return options.intervalGroups ?? options.bootstrapResamples ?? 0;
}

/** A matrix from its k x k cells (row r, column c), with the off-diagonal, row and column means. */
export function assembleMatrix(
  kind: SimilarityMatrix['kind'],
  ids: readonly string[],
  layers: readonly string[],
  cells: MatrixCell[][],
  options: Pick<
    MatrixOptions,
    'metric' | 'nullPermutations' | 'intervalGroups' | 'bootstrapResamples' | 'seed'
  >,
): SimilarityMatrix {
  const values = cells.map((row) => row.map((cell) => cell.value));
  const others = (sum: number, self: number) => (sum - self) / (values.length - 1);
  return {
    kind,
    ids: [...ids],
    layers: [...layers],
    metric: ckaOptionsOf(options).metric ?? 'linear',
    values,
    cells,
    offDiagonalMean: offDiagonalMean(values),
    rowMeans: values.map((row, r) =>
      others(
        row.reduce((s, v) => s + v, 0),
        row[r]!,
      ),
    ),
    columnMeans: values.map((_, c) =>
      others(
        values.reduce((s, row) => s + row[c]!, 0),
        values[c]![c]!,
      ),
    ),
    nullPermutations: options.nullPermutations ?? 0,
    intervalGroups: intervalGroupsOf(options),
    bootstrapResamples: intervalGroupsOf(options),
    seed: options.seed ?? 0,
  };
}

function checkModels(models: readonly MatrixModel[]): number {
  if (models.length < 2) {
    throw new InvalidArgumentError(`a similarity matrix needs at least 2 models, got ${models.length}`);
  }
  const ids = models.map((m) => m.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) {
    throw new InvalidArgumentError(
      `model id ${JSON.stringify(repeated)} appears twice; ids label rows and must differ`,
    );
  }
  return models.length;
}

function progressReporter(options: MatrixOptions, total: number) {
  let done = 0;
  return {
    tick(stage: MatrixProgress['stage']) {
      done++;
      options.onProgress?.({ stage, done, total });
    },
  };
}
