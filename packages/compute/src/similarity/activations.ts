/**
 * The one input type of every similarity metric: activations of n inputs by p units, row-major.
 * A row is one input (image), a column one unit (neuron); both sides of a comparison must list the same
 * inputs in the same order.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DegenerateInputError, InvalidArgumentError, NonFiniteError, ShapeMismatchError } from '../errors.js';

/** n x p activations, row-major: `data[i * p + j]` is unit j on input i. */
export interface Activations {
  data: Float32Array | Float64Array;
  n: number;
  p: number;
}

/** What the metrics accept: a tensor (rank >= 2, flattened per input), nested rows, or `Activations`. */
export type ActivationsInput = tf.Tensor | number[][] | Activations;

/** The least n for which every metric is defined (the unbiased HSIC divides by n(n-3)). */
export const MIN_INPUTS = 4;

/**
 * Normalises any accepted input to `Activations` without copying when it already is one.
 * A tensor of shape [n, ...] is read synchronously and flattened to [n, product of the rest]
 * (a conv feature map [n, h, w, c] becomes n x hwc).
 * @throws ShapeMismatchError for ragged rows or a rank-0/1 tensor; InvalidArgumentError when
 *   `data.length` is not n * p.
 */
export function toActivations(input: ActivationsInput): Activations {
  if (input instanceof tf.Tensor) return fromTensor(input);
  if (Array.isArray(input)) return fromRows(input);
  const { data, n, p } = input;
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 0 || p < 0 || data.length !== n * p) {
    throw new InvalidArgumentError(
      `activations claim n=${n}, p=${p} but hold ${data.length} values; data.length must equal n * p`,
    );
  }
  return input;
}

function fromTensor(t: tf.Tensor): Activations {
  if (t.rank < 2) {
    throw new ShapeMismatchError(
      `activations tensor has shape [${t.shape.join(', ')}]; expected [n, ...] with one row per input`,
    );
  }
  const n = t.shape[0]!;
  const p = n === 0 ? 0 : t.size / n;
  const values = t.dataSync();
  const data = values instanceof Float32Array ? values : Float64Array.from(values as ArrayLike<number>);
  return { data, n, p };
}

function fromRows(rows: number[][]): Activations {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  const data = new Float64Array(n * p);
  rows.forEach((row, i) => {
    if (row.length !== p) {
      throw new ShapeMismatchError(
        `row ${i} has ${row.length} values but row 0 has ${p}; rows must be equal`,
      );
    }
    data.set(row, i * p);
  });
  return { data, n, p };
}

/**
 * Checks one pair of activations before a metric runs on them.
 * @throws ShapeMismatchError when n differs; DegenerateInputError when n < 4, a side has no units, or every
 *   unit on one side is constant (nothing is left after centring); NonFiniteError at the first NaN/Infinity.
 */
export function validateActivations(a: Activations, b: Activations): void {
  if (a.n !== b.n) {
    throw new ShapeMismatchError(
      `activations A are ${a.n} x ${a.p} and B are ${b.n} x ${b.p}; both need the same n inputs (rows), ` +
        'in the same order',
    );
  }
  if (a.n < MIN_INPUTS) {
    throw new DegenerateInputError(
      `CKA needs at least ${MIN_INPUTS} inputs (rows), got n=${a.n}; pass more inputs`,
    );
  }
  validateSide(a, 'A');
  validateSide(b, 'B');
}

/** Per-side checks (finite values, at least one varying unit); exported for the minibatch accumulator. */
export function validateSide(
  a: Activations,
  side: string,
  options: { requireVariation?: boolean } = {},
): void {
  if (a.p === 0) {
    throw new DegenerateInputError(
      `activations ${side} have no units (shape ${a.n} x 0); pick a non-empty layer`,
    );
  }
  const { data, n, p } = a;
  const k = allFinite(data) ? -1 : data.findIndex((x) => !Number.isFinite(x));
  if (k >= 0) {
    const row = Math.floor(k / p);
    throw new NonFiniteError(
      `activations ${side} hold ${data[k]} at row ${row}, column ${k - row * p} (shape ${n} x ${p}); ` +
        'check the model for overflow or remove that input',
    );
  }
  if ((options.requireVariation ?? true) && everyColumnConstant(a)) {
    throw new DegenerateInputError(
      `every one of the ${p} units of activations ${side} is constant over the ${n} inputs, so nothing is ` +
        'left after centring: the layer looks dead (all-zero ReLU?); choose another layer or check the model',
    );
  }
}

/**
 * True when no value is NaN or infinite: x * 0 is 0 for every finite x and NaN otherwise. Four running sums
 * make this 2.5x faster than Number.isFinite on each value (measured, 10M float32), and it runs on the
 * calling thread before every CKA; the slower scan then only locates a bad value.
 */
function allFinite(data: Float32Array | Float64Array): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < data.length; k += 4) {
    s0 += data[k]! * 0;
    s1 += data[k + 1]! * 0;
    s2 += data[k + 2]! * 0;
    s3 += data[k + 3]! * 0;
  }
  for (; k < data.length; k++) s0 += data[k]! * 0;
  return s0 + s1 + s2 + s3 === 0;
}

function everyColumnConstant({ data, n, p }: Activations): boolean {
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < p; j++) if (data[i * p + j] !== data[j]) return false;
  }
  return true;
}
