/**
 * The STIR matrix (SPEC §5; Nanda et al., ICML 2022): for models M_1..M_k, natural images X and, per model r,
 * X'_r inverted through M_r so that M_r cannot tell X'_r from X (stir-inversion.ts),
 *
 *   S[r][c] = STIR(M_c | M_r) = CKA(rep_c(X), rep_c(X'_r))      (n x d_c against n x d_c)
 *
 * how much of M_r's invariance M_c shares: row r tests M_r's invariances on every model. Not symmetric:
 * S[r][c] and S[c][r] are the two directions of a pair. The diagonal STIR(M_r | M_r) is near 1 when the
 * inversion matched M_r's representation; it is not 1 by construction.
 *
 * Pure given its inputs: no inversion here, so a study pipeline computes the X'_r its own way (cached, on
 * workers) and calls `stirRowCells` per row as each X'_r arrives, then `assembleStirMatrix`.
 */
import { InvalidArgumentError, throwIfAborted } from '../errors.js';
import type { ModelLike } from '../models/classifier.js';
import { createRepresentationModel, type RepresentationModel } from '../models/representation.js';
import type { Activations } from '../similarity/activations.js';
import {
  assembleMatrix,
  computeCell,
  type MatrixCell,
  type MatrixModel,
  type MatrixOptions,
  representations,
  type SimilarityMatrix,
} from '../similarity/matrix.js';

/** A STIR matrix: a SimilarityMatrix whose row means (off the diagonal) say how widely a row model's invariances are shared. */
export interface StirMatrix extends Omit<SimilarityMatrix, 'kind'> {
  kind: 'stir';
}

export type StirMatrixOptions = Pick<
  MatrixOptions,
  | 'metric'
  | 'nullPermutations'
  | 'intervalGroups'
  | 'bootstrapResamples'
  | 'confidence'
  | 'seed'
  | 'layer'
  | 'batchSize'
  | 'signal'
> & {
  /** Called after each cell, with the cells done and the k^2 to do. */
  onProgress?: (done: number, total: number) => void;
};

/** Representations of X by model index, computed on first use and kept for the other rows. */
export type NaturalActivations = Map<number, Activations>;

export interface StirRowOptions extends Omit<StirMatrixOptions, 'onProgress'> {
  /** Shared across the rows of one matrix so rep_c(X) is computed once per model. */
  naturalActivations?: NaturalActivations;
  /** Called as each cell is known. */
  onCell?: (cell: StirCell) => void | Promise<void>;
}

export interface StirCell {
  /** Row: the model X' was inverted through (m1). Column: the model compared on X and X' (m2). */
  row: number;
  column: number;
  cell: MatrixCell;
}

/**
 * Row r of the STIR matrix: STIR(M_c | M_r) for the given columns (default all), every cell with the
 * statistics asked for (the diagonal too: it is a measurement here, not 1 by definition).
 * @param models any models (ModelLike), or RepresentationModels built once (then `layer` is not consulted).
 * @param natural X, NHWC floats; @param inverted X'_r, the same shape.
 * @throws ShapeMismatchError when X and X'_r differ in size; what computeCell throws.
 */
export async function stirRowCells(
  models: readonly (ModelLike | RepresentationModel)[],
  natural: Float32Array,
  inverted: Float32Array,
  row: number,
  options: StirRowOptions = {},
  columns: readonly number[] = models.map((_, c) => c),
): Promise<StirCell[]> {
  if (inverted.length !== natural.length) {
    throw new InvalidArgumentError(
      `X'_${row} holds ${inverted.length} pixel values but X holds ${natural.length}; invert exactly the natural images`,
    );
  }
  const cache = options.naturalActivations ?? new Map<number, Activations>();
  const { naturalActivations: _cache, onCell, ...statistics } = options;
  const out: StirCell[] = [];
  for (const column of columns) {
    throwIfAborted(options.signal, 'STIR');
    const rep = representationOf(models, column, options.layer);
    let onX = cache.get(column);
    if (!onX) {
      onX = await representations(rep, natural, options); // rep_c(X) [n, d_c]
      cache.set(column, onX);
    }
    const onXPrime = await representations(rep, inverted, options); // rep_c(X'_r) [n, d_c]
    const done: StirCell = { row, column, cell: await computeCell(onX, onXPrime, statistics, true) };
    out.push(done);
    await onCell?.(done);
  }
  return out;
}

/**
 * The k x k STIR matrix from the models, X and X'_r for every row r (in model order).
 * @throws InvalidArgumentError for fewer than 2 models, repeated ids or not one X' per model.
 */
export async function stirMatrix(
  models: readonly MatrixModel[],
  natural: Float32Array,
  inverted: readonly Float32Array[],
  options: StirMatrixOptions = {},
): Promise<StirMatrix> {
  const k = checkIds(models.map((m) => m.id));
  if (inverted.length !== k) {
    throw new InvalidArgumentError(
      `${inverted.length} inverted image sets for ${k} models; pass X'_r for every model r, made through it`,
    );
  }
  const reps = models.map((m) => createRepresentationModel(m.model, options.layer)); // built once for all rows
  const { onProgress, ...rest } = options;
  const naturalActivations: NaturalActivations = new Map();
  const cells: StirCell[] = [];
  for (let r = 0; r < k; r++) {
    await stirRowCells(reps, natural, inverted[r]!, r, {
      ...rest,
      naturalActivations,
      onCell: (cell) => {
        cells.push(cell);
        onProgress?.(cells.length, k * k);
      },
    });
  }
  return assembleStirMatrix(
    models.map((m) => m.id),
    reps.map((r) => r.layerName),
    cells,
    options,
  );
}

/**
 * A STIR matrix from all k^2 cells (in any order), with the off-diagonal, row and column means.
 * @throws InvalidArgumentError for fewer than 2 models, repeated ids, or a missing cell.
 */
export function assembleStirMatrix(
  ids: readonly string[],
  layers: readonly string[],
  cells: readonly StirCell[],
  options: Pick<
    MatrixOptions,
    'metric' | 'nullPermutations' | 'intervalGroups' | 'bootstrapResamples' | 'seed'
  >,
): StirMatrix {
  const k = checkIds(ids);
  const grid = Array.from({ length: k }, () => new Array<MatrixCell | undefined>(k));
  for (const { row, column, cell } of cells) {
    if (!(row >= 0 && row < k && column >= 0 && column < k)) {
      throw new InvalidArgumentError(`STIR cell (${row}, ${column}) is outside the ${k} x ${k} matrix`);
    }
    grid[row]![column] = cell;
  }
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      if (!grid[r]![c])
        throw new InvalidArgumentError(`the STIR cells miss (${ids[r]}, ${ids[c]}); give all k^2`);
    }
  }
  // assembleMatrix computes the means the same way for every kind; STIR only renames the kind.
  const { kind: _kind, ...matrix } = assembleMatrix('inverted', ids, layers, grid as MatrixCell[][], options);
  return { kind: 'stir', ...matrix };
}

/** Both directions of every pair: STIR(b | a) = S[a][b] and STIR(a | b) = S[b][a], for a before b. */
export function stirDirections(
  matrix: Pick<StirMatrix, 'ids' | 'values'>,
): { a: string; b: string; stirBGivenA: number; stirAGivenB: number }[] {
  const out = [];
  for (let a = 0; a < matrix.ids.length; a++) {
    for (let b = a + 1; b < matrix.ids.length; b++) {
      out.push({
        a: matrix.ids[a]!,
        b: matrix.ids[b]!,
        stirBGivenA: matrix.values[a]![b]!,
        stirAGivenB: matrix.values[b]![a]!,
      });
    }
  }
  return out;
}

function checkIds(ids: readonly string[]): number {
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (ids.length < 2 || repeated !== undefined) {
    throw new InvalidArgumentError(
      `a STIR matrix needs at least 2 models with distinct ids, got [${ids.join(', ')}]`,
    );
  }
  return ids.length;
}

function representationOf(
  models: readonly (ModelLike | RepresentationModel)[],
  index: number,
  layer: string | undefined,
): RepresentationModel {
  const model = models[index];
  if (!model) throw new InvalidArgumentError(`STIR names model ${index}, but ${models.length} were given`);
  return 'represent' in model ? model : createRepresentationModel(model, layer);
}
