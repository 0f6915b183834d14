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
 * Rows of C per product: the n-long inner dimension is cut into chunks of at most this many rows, whose
 * products are added in float64 before squaring. XNNPACK's packed panels of k = 5,000 rows stay in the L2
 * cache where k = 10,000 spills (measured ~10% more GFLOP/s), and float64 sums of partial products lose less.
 */
export const FEATURE_CHUNK_ROWS = 5000;

/** The row chunks of C: [0, n) in near-equal spans of at most FEATURE_CHUNK_ROWS. */
export function featureChunks(n: number): Span[] {
  const parts = Math.max(1, Math.ceil(n / FEATURE_CHUNK_ROWS));
  return Array.from({ length: parts }, (_, c) => {
    const start = Math.floor((c * n) / parts);
    return { start, size: Math.floor(((c + 1) * n) / parts) - start };
  });
}

/**
 * Row i of the block triangle: ||C_i^T C_j||^2 for j >= i, sorted into kl, kk, ll (float32 products of row
 * chunks, added and squared in float64). `right(j, c)` gives chunk c of C_j [m_c, w_j] as a tensor, made by
 * the caller once and kept for every row.
 */
export async function featureRowSums(
  blocks: FeatureBlock[],
  i: number,
  chunks: number,
  right: (j: number, c: number) => tf.Tensor2D,
  products: ProductSet,
): Promise<KernelSums> {
  const bi = blocks[i]!;
  const columns = blocks.map((b, j) => (j < i || (products === 'cross' && b.side === 'a') ? -1 : j));
  const wanted = columns.filter((j) => j >= 0);
  const blockProducts = wanted.map((j) => new Float64Array(bi.cols.size * blocks[j]!.cols.size)); // C_i^T C_j
  for (let c = 0; c < chunks; c++) {
    // C_i^T [w_i, m_c], materialised: XNNPACK multiplies untransposed operands only (blocks.ts).
    const left = tf.transpose(right(i, c)) as tf.Tensor2D;
    try {
      for (let k = 0; k < wanted.length; k++) {
        const partial = await readBack(tf.matMul(left, right(wanted[k]!, c)));
        const into = blockProducts[k]!;
        for (let e = 0; e < partial.length; e++) into[e]! += partial[e]!;
      }
    } finally {
      left.dispose();
    }
  }
  const sums: KernelSums = { kl: 0, kk: 0, ll: 0 };
  wanted.forEach((j, k) => {
    const bj = blocks[j]!;
    const s = sumOfSquares(blockProducts[k]!); // ||C_i^T C_j||^2
    const weight = i === j ? 1 : 2; // an off-diagonal block of A^T A stands for its transpose too
    if (bi.side !== bj.side) sums.kl += s;
    else if (bi.side === 'a') sums.kk += weight * s;
    else sums.ll += weight * s;
  });
  return sums;
}

/** Tensors made on first use by `make(j, c)` and kept until `dispose`. */
export function tensorCache(make: (j: number, c: number) => tf.Tensor2D): {
  get: (j: number, c: number) => tf.Tensor2D;
  dispose: () => void;
} {
  const made = new Map<string, tf.Tensor2D>();
  return {
    get(j, c) {
      const key = `${j}/${c}`;
      let t = made.get(key);
      if (!t) {
        t = make(j, c);
        made.set(key, t);
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
  const chunks = featureChunks(a.n);
  const right = tensorCache((j, c) => {
    const { side, cols } = blocks[j]!;
    const x = side === 'a' ? a : b;
    const rows = chunks[c]!;
    const part = {
      data: x.data.subarray(rows.start * x.p, (rows.start + rows.size) * x.p),
      n: rows.size,
      p: x.p,
    };
    return tf.tensor2d(columnBlock(part, cols), [rows.size, cols.size]); // chunk c of C_j [m_c, w_j]
  });
  const sums: KernelSums = { kl: 0, kk: 0, ll: 0 };
  try {
    for (const i of featureRows(blocks, products)) {
      throwIfAborted(signal, 'CKA');
      addSums(sums, await featureRowSums(blocks, i, chunks.length, right.get, products));
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
