/**
 * Feature form of the linear-kernel inner products: the Gram matrix of the concatenation C = [A | B]
 * [n, p + q] holds A^T A, A^T B and B^T B as blocks, and it is symmetric, so only column-block pairs
 * i <= j are multiplied: about n((p+q)^2 + (p+q)w) FLOPs instead of the 2n(p^2 + pq + q^2) of three full
 * products (1.33x fewer at p = q = 512 with block width w = 128).
 */
import * as tf from '@tensorflow/tfjs-core';
import { throwIfAborted } from '../errors.js';
import { columnBlock, readBack, type Span, spans, sumOfSquares, transposedBlock } from './blocks.js';
import type { CentredActivations } from './centre.js';
import type { KernelSums } from './cka-result.js';

/**
 * Column-block width. Small enough that skipping the lower triangle saves work; 128 x 10000 x 128 products
 * still run at the ~18 GFLOP/s of 1024-wide ones on the WASM backend.
 */
export const FEATURE_BLOCK = 128;

interface Block {
  side: 'a' | 'b';
  x: CentredActivations;
  cols: Span;
}

/**
 * ||A^T B||^2, ||A^T A||^2, ||B^T B||^2 (as kl, kk, ll), float32 products summed in float64;
 * `products: 'cross'` computes kl only (kk and ll are then 0).
 */
export async function featureFormProducts(
  a: CentredActivations,
  b: CentredActivations,
  signal?: AbortSignal,
  products: 'all' | 'cross' = 'all',
): Promise<KernelSums> {
  const crossOnly = products === 'cross';
  const n = a.n;
  const all: Span = { start: 0, size: n };
  // A's blocks first, so every pair (A block i, B block j) has i < j and A^T B is covered exactly once.
  const blocks: Block[] = [
    ...spans(a.p, FEATURE_BLOCK).map((cols) => ({ side: 'a' as const, x: a, cols })),
    ...spans(b.p, FEATURE_BLOCK).map((cols) => ({ side: 'b' as const, x: b, cols })),
  ];
  const right = blocks.map(({ side, x, cols }) =>
    crossOnly && side === 'a' ? undefined : tf.tensor2d(columnBlock(x, cols), [n, cols.size]),
  ); // C_j [n, w_j]
  const sums: KernelSums = { kl: 0, kk: 0, ll: 0 };
  try {
    for (let i = 0; i < blocks.length; i++) {
      throwIfAborted(signal, 'CKA');
      const bi = blocks[i]!;
      if (crossOnly && bi.side === 'b') break;
      const left = tf.tensor2d(transposedBlock(bi.x, all, bi.cols), [bi.cols.size, n]); // C_i^T [w_i, n]
      try {
        for (let j = i; j < blocks.length; j++) {
          const bj = blocks[j]!;
          if (crossOnly && bj.side === 'a') continue;
          const s = sumOfSquares(await readBack(tf.matMul(left, right[j]!))); // ||C_i^T C_j||^2
          const weight = i === j ? 1 : 2; // an off-diagonal block of A^T A stands for its transpose too
          if (bi.side !== bj.side) sums.kl += s;
          else if (bi.side === 'a') sums.kk += weight * s;
          else sums.ll += weight * s;
        }
      } finally {
        left.dispose();
      }
    }
  } finally {
    tf.dispose(right.filter((t) => t !== undefined));
  }
  return sums;
}
