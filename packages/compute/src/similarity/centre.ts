/**
 * Column centring, done in float64 before anything is multiplied (SPEC §3 numerics): activations with
 * column means of 1e4 and std 1 keep their 1e-7 relative precision once the means are gone, whereas
 * centring after a float32 product would cancel 8 of float32's 7 digits.
 */
import type { Activations } from './activations.js';

/** Activations whose columns have mean zero, stored as float32: the precision TF.js multiplies in. */
export interface CentredActivations extends Activations {
  data: Float32Array;
}

/** `x - mean(x, axis 0)` computed in float64, rounded once to float32. [n, p] -> [n, p] */
export function centreColumns(x: Activations): CentredActivations {
  return centreInto(x, new Float32Array(x.n * x.p));
}

/** `centreColumns` into a SharedArrayBuffer, which worker threads read without a copy. */
export function centreColumnsShared(x: Activations): CentredActivations {
  return centreInto(x, new Float32Array(new SharedArrayBuffer(4 * x.n * x.p)));
}

function centreInto({ data, n, p }: Activations, out: Float32Array): CentredActivations {
  const means = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let j = 0; j < p; j++) means[j]! += data[row + j]!;
  }
  for (let j = 0; j < p; j++) means[j]! /= n;
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let j = 0; j < p; j++) out[row + j] = data[row + j]! - means[j]!;
  }
  return { data: out, n, p };
}

/** diag(K) for K = X X^T: the squared norm of every row, summed in float64. [n, p] -> [n] */
export function rowSquaredNorms({ data, n, p }: Activations): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * p, end = j + p; j < end; j++) s += data[j]! * data[j]!;
    out[i] = s;
  }
  return out;
}
