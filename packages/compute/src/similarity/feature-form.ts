/**
 * Feature form of the linear-kernel inner products: the Gram matrix of the concatenation C = [A | B]
 * [n, p + q] holds A^T A, A^T B and B^T B as blocks, and it is symmetric, so only column-block pairs
 * i <= j are multiplied: about n((p+q)^2 + (p+q)w) FLOPs instead of the 2n(p^2 + pq + q^2) of three full
 * products (1.33x fewer at p = q = 512 with block width w = 128).
 *
 * The work is a list of rows: row i multiplies C_i^T by every C_j, j >= i. `featureFormProducts` runs the
 * rows in order on this thread; parallel-products.ts hands them to worker threads, which run the same
 * `featureRowSums` on the same block values, and adds the rows' sums in the same order: same value.
 */
import * as tf from '@tensorflow/tfjs-core';
import { throwIfAborted } from '../errors.js';
import { columnBlock, readBack, type Span, spans, sumOfSquares } from './blocks.js';
import type { CentredActivations } from './centre.js';
import type { KernelSums } from './cka-result.js';

/**
 * Column-block width. Small enough that skipping the lower triangle saves work; 128 x 10000 x 128 products
 * still run at the ~18 GFLOP/s of 1024-wide ones on the WASM backend.
 */
export const FEATURE_BLOCK = 128;

/** Column block of A or B; `offset` is its first column in C = [A | B]. */
export interface FeatureBlock {
  side: 'a' | 'b';
  cols: Span;
  offset: number;
}

/** Which products to sum: all three, or `'cross'` for kl = ||A^T B||^2 only (kk and ll are then 0). */
export type ProductSet = 'all' | 'cross';

/** The column blocks of C = [A | B], A's first, so every pair (A block i, B block j) has i < j. */
export function featureBlocks(p: number, q: number): FeatureBlock[] {
  return [
    ...spans(p, FEATURE_BLOCK).map((cols) => ({ side: 'a' as const, cols, offset: cols.start })),
    ...spans(q, FEATURE_BLOCK).map((cols) => ({ side: 'b' as const, cols, offset: p + cols.start })),
  ];
}

/** The rows of work: every block i, or only A's blocks when only A^T B is wanted. */
export function featureRows(blocks: FeatureBlock[], products: ProductSet): number[] {
  return blocks.flatMap((block, i) => (products === 'cross' && block.side === 'b' ? [] : [i]));
}

/**
 * Row i of the block triangle: ||C_i^T C_j||^2 for j >= i, sorted into kl, kk, ll (float32 products, float64
 * sums). `right(j)` gives C_j [n, w_j] as a tensor, made by the caller once and kept for every row.
 */
export async function featureRowSums(
  blocks: FeatureBlock[],
  i: number,
  right: (j: number) => tf.Tensor2D,
  products: ProductSet,
): Promise<KernelSums> {
  const bi = blocks[i]!;
  const sums: KernelSums = { kl: 0, kk: 0, ll: 0 };
  // C_i^T [w_i, n], materialised: XNNPACK multiplies untransposed operands only (blocks.ts).
  const left = tf.transpose(right(i)) as tf.Tensor2D;
  try {
    for (let j = i; j < blocks.length; j++) {
      const bj = blocks[j]!;
      if (products === 'cross' && bj.side === 'a') continue;
      const s = sumOfSquares(await readBack(tf.matMul(left, right(j)))); // ||C_i^T C_j||^2
      const weight = i === j ? 1 : 2; // an off-diagonal block of A^T A stands for its transpose too
      if (bi.side !== bj.side) sums.kl += s;
      else if (bi.side === 'a') sums.kk += weight * s;
      else sums.ll += weight * s;
    }
  } finally {
    left.dispose();
  }
  return sums;
}

/** Tensors made on first use by `make` and kept until `dispose`. */
export function tensorCache(make: (j: number) => tf.Tensor2D): {
  get: (j: number) => tf.Tensor2D;
  dispose: () => void;
} {
  const made = new Map<number, tf.Tensor2D>();
  return {
    get(j) {
      let t = made.get(j);
      if (!t) {
        t = make(j);
        made.set(j, t);
      }
      return t;
    },
    dispose: () => tf.dispose([...made.values()]),
  };
}

/** ||A^T B||^2, ||A^T A||^2, ||B^T B||^2 (as kl, kk, ll) on this thread, row by row. */
export async function featureFormProducts(
  a: CentredActivations,
  b: CentredActivations,
  signal?: AbortSignal,
  products: ProductSet = 'all',
): Promise<KernelSums> {
  const blocks = featureBlocks(a.p, b.p);
  const right = tensorCache((j) => {
    const { side, cols } = blocks[j]!;
    return tf.tensor2d(columnBlock(side === 'a' ? a : b, cols), [a.n, cols.size]); // C_j [n, w_j]
  });
  const sums: KernelSums = { kl: 0, kk: 0, ll: 0 };
  try {
    for (const i of featureRows(blocks, products)) {
      throwIfAborted(signal, 'CKA');
      addSums(sums, await featureRowSums(blocks, i, right.get, products));
    }
  } finally {
    right.dispose();
  }
  return sums;
}

/** total += row, in place. */
export function addSums(total: KernelSums, row: KernelSums): void {
  total.kl += row.kl;
  total.kk += row.kk;
  total.ll += row.ll;
}
