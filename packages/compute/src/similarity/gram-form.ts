/**
 * Gram form of the linear-kernel inner products, for n smaller than p + q: K = AA^T and L = BB^T [n, n]
 * are built block by block over row blocks i <= j (both are symmetric), and <K, L>, ||K||^2, ||L||^2 are
 * summed in float64 without ever holding an n x n matrix.
 *
 * As in the feature form, the work is a list of rows (row block i against every j >= i), run in order here
 * or on worker threads by parallel-products.ts with the same `gramRowSums`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { throwIfAborted } from '../errors.js';
import { innerProduct, readBack, type Span, spans, sumOfSquares, transposedBlock } from './blocks.js';
import type { CentredActivations } from './centre.js';
import type { KernelSums } from './cka-result.js';
import { addSums } from './feature-form.js';

/** Row-block height: K_ij blocks of 256 x 256 keep matMul efficient and the float64 readback small. */
export const GRAM_BLOCK = 256;

/** The row blocks of A and B. */
export function gramRows(n: number): Span[] {
  return spans(n, GRAM_BLOCK);
}

/** X_j^T [p, m_j] tensors of both sides made on first use; `dispose` frees them. */
export function transposedRowBlocks(
  a: CentredActivations,
  b: CentredActivations,
  rows: Span[],
): { get: (side: 'a' | 'b', j: number) => tf.Tensor2D; dispose: () => void } {
  const made = new Map<string, tf.Tensor2D>();
  return {
    get(side, j) {
      const key = `${side}${j}`;
      let t = made.get(key);
      if (!t) {
        const x = side === 'a' ? a : b;
        t = tf.tensor2d(transposedBlock(x, rows[j]!, { start: 0, size: x.p }), [x.p, rows[j]!.size]);
        made.set(key, t);
      }
      return t;
    },
    dispose: () => tf.dispose([...made.values()]),
  };
}

/** Row block i: <K_ij, L_ij>, ||K_ij||^2, ||L_ij||^2 for j >= i, off-diagonal blocks counted twice. */
export async function gramRowSums(
  a: CentredActivations,
  b: CentredActivations,
  rows: Span[],
  i: number,
  transposed: (side: 'a' | 'b', j: number) => tf.Tensor2D,
): Promise<KernelSums> {
  const sums: KernelSums = { kl: 0, kk: 0, ll: 0 };
  const ai = rowBlock(a, rows[i]!); // A_i [m_i, p]
  const bi = rowBlock(b, rows[i]!);
  try {
    for (let j = i; j < rows.length; j++) {
      const k = await readBack(tf.matMul(ai, transposed('a', j))); // K_ij = A_i A_j^T [m_i, m_j]
      const l = await readBack(tf.matMul(bi, transposed('b', j)));
      const w = i === j ? 1 : 2; // K_ji = K_ij^T is skipped and counted here
      sums.kl += w * innerProduct(k, l);
      sums.kk += w * sumOfSquares(k);
      sums.ll += w * sumOfSquares(l);
    }
  } finally {
    tf.dispose([ai, bi]);
  }
  return sums;
}

/** <K, L>, ||K||^2, ||L||^2 (as kl, kk, ll) for K = AA^T, L = BB^T of column-centred A, B, on this thread. */
export async function gramFormProducts(
  a: CentredActivations,
  b: CentredActivations,
  signal?: AbortSignal,
): Promise<KernelSums> {
  const rows = gramRows(a.n);
  const transposed = transposedRowBlocks(a, b, rows);
  const sums: KernelSums = { kl: 0, kk: 0, ll: 0 };
  try {
    for (let i = 0; i < rows.length; i++) {
      throwIfAborted(signal, 'CKA');
      addSums(sums, await gramRowSums(a, b, rows, i, transposed.get));
    }
  } finally {
    transposed.dispose();
  }
  return sums;
}

function rowBlock({ data, p }: CentredActivations, rows: Span): tf.Tensor2D {
  return tf.tensor2d(data.subarray(rows.start * p, (rows.start + rows.size) * p), [rows.size, p]);
}
