/** Row selection for permutations, bootstrap resamples and minibatches. */
import type { Activations } from './activations.js';

/** The rows `indices` of x, in that order (repeats allowed): [n, p] -> [indices.length, p] */
export function takeRows<T extends Activations>({ data, p }: T, indices: ArrayLike<number>): T {
  const out =
    data instanceof Float32Array
      ? new Float32Array(indices.length * p)
      : new Float64Array(indices.length * p);
  for (let k = 0; k < indices.length; k++) {
    const from = indices[k]! * p;
    out.set(data.subarray(from, from + p), k * p);
  }
  return { data: out, n: indices.length, p } as T; // same array type as the input
}

/** Consecutive rows [start, start + count) without copying. */
export function sliceRows({ data, p }: Activations, start: number, count: number): Activations {
  return { data: data.subarray(start * p, (start + count) * p), n: count, p };
}
