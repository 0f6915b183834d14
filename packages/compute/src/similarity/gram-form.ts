/**
 * Gram form of the linear-kernel inner products, for n smaller than p + q: K = AA^T and L = BB^T [n, n]
 * are built block by block over row blocks i <= j (both are symmetric), and <K, L>, ||K||^2, ||L||^2 are
 * summed in float64 without ever holding an n x n matrix.
 */
import * as tf from '@tensorflow/tfjs-core';
import { throwIfAborted } from '../errors.js';
import { innerProduct, readBack, type Span, spans, sumOfSquares, transposedBlock } from './blocks.js';
import type { CentredActivations } from './centre.js';
import type { KernelSums } from './cka-result.js';

/** Row-block height: K_ij blocks of 256 x 256 keep matMul efficient and the float64 readback small. */
export const GRAM_BLOCK = 256;

/** <K, L>, ||K||^2, ||L||^2 (as kl, kk, ll) for K = AA^T, L = BB^T of column-centred A, B. */
export async function gramFormProducts(
  a: CentredActivations,
  b: CentredActivations,
  signal?: AbortSignal,
): Promise<KernelSums> {
  const rows = spans(a.n, GRAM_BLOCK);
  const transposed = (x: CentredActivations) =>
    rows.map((r) => tf.tensor2d(transposedBlock(x, r, { start: 0, size: x.p }), [x.p, r.size])); // X_j^T [p, m_j]
  const at = transposed(a);
  const bt = transposed(b);
  const sums: KernelSums = { kl: 0, kk: 0, ll: 0 };
  try {
    for (let i = 0; i < rows.length; i++) {
      throwIfAborted(signal, 'CKA');
      const ai = rowBlock(a, rows[i]!); // A_i [m_i, p]
      const bi = rowBlock(b, rows[i]!);
      try {
        for (let j = i; j < rows.length; j++) {
          const k = await readBack(tf.matMul(ai, at[j]!)); // K_ij = A_i A_j^T [m_i, m_j]
          const l = await readBack(tf.matMul(bi, bt[j]!));
          const w = i === j ? 1 : 2; // K_ji = K_ij^T is skipped and counted here
          sums.kl += w * innerProduct(k, l);
          sums.kk += w * sumOfSquares(k);
          sums.ll += w * sumOfSquares(l);
        }
      } finally {
        tf.dispose([ai, bi]);
      }
    }
  } finally {
    tf.dispose([...at, ...bt]);
  }
  return sums;
}

function rowBlock({ data, p }: CentredActivations, rows: Span): tf.Tensor2D {
  return tf.tensor2d(data.slice(rows.start * p, (rows.start + rows.size) * p), [rows.size, p]);
}
