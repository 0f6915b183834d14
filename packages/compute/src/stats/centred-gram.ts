/**
 * The centred Gram matrix K = A A^T [n, n] of column-centred activations, held in float64 so that the jackknife
 * and the permutation null can be computed from sums over its entries (src/stats/leave-group-out.ts,
 * permutation-null.ts) without touching the features again.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors.js';
import type { Activations } from '../similarity/activations.js';
import { transposedBlock } from '../similarity/blocks.js';
import { centreColumns } from '../similarity/centre.js';

/**
 * Largest n for which the cell statistics hold two n x n float64 Grams (2 x 128 MiB at 4096). Above it they
 * recompute CKA per left-out group from the features instead (src/stats/cell-statistics.ts).
 */
export const GRAM_MAX_INPUTS = 4096;

/**
 * K = A_c A_c^T for A_c = A with column means removed (in float64 before the float32 product, SPEC §3 numerics).
 * Centring on all n inputs is enough for every subset: re-centring a subset adds a_i.c + a_j.c + c.c to K_ij,
 * which the subset formulas remove again (biased HSIC through H K H, unbiased HSIC by its invariance).
 * [n, p] -> [n, n], row-major, symmetric.
 * @throws InvalidArgumentError when n exceeds GRAM_MAX_INPUTS.
 */
export async function centredGram(x: Activations): Promise<Float64Array> {
  if (x.n > GRAM_MAX_INPUTS) {
    throw new InvalidArgumentError(
      `a ${x.n} x ${x.n} Gram matrix is too large to hold (limit n = ${GRAM_MAX_INPUTS}); use the feature path`,
    );
  }
  const c = centreColumns(x);
  const all = { start: 0, size: c.n };
  // matMul on a materialised transpose: WASM runs transposeB products ~20x slower (similarity/blocks.ts).
  const product = tf.tidy(() =>
    tf.matMul(
      tf.tensor2d(c.data, [c.n, c.p]), // A_c [n, p]
      tf.tensor2d(transposedBlock(c, all, { start: 0, size: c.p }), [c.p, c.n]), // A_c^T [p, n]
    ),
  ); // K [n, n]
  let values: Float32Array;
  try {
    values = (await product.data()) as Float32Array;
  } finally {
    product.dispose();
  }
  // Symmetrise: float32 blocked products can round K_ij and K_ji differently, and the downdating formulas
  // (src/stats/leave-group-out.ts) count a left-out row for its column.
  const n = c.n;
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    k[i * n + i] = values[i * n + i]!;
    for (let j = i + 1; j < n; j++) {
      const v = (values[i * n + j]! + values[j * n + i]!) / 2;
      k[i * n + j] = v;
      k[j * n + i] = v;
    }
  }
  return k;
}
