/**
 * MaxPoolGrad for the WASM backend as one JS pass: each dy entry goes to the first maximum of its window
 * (row-major scan, strict >), the convention of TensorFlow's CPU kernel and of tfjs-backend-cpu.
 *
 * Why replace the stock kernel: it is ~10x slower here and mis-handles windows whose values are all <= 0
 * (its running max starts at FLT_MIN, the smallest positive float, so such windows send their gradient to
 * element 0 of the tensor). After a ReLU those windows are all-zero and the ReLU zeroes their gradient
 * anyway, but a max pool over signed values (no ReLU before it) would get wrong gradients.
 * Ties: only the first maximal element receives the gradient (after a ReLU, ties are almost always zeros).
 *
 * Non-overlapping windows inside x (stride = window, no padding: the usual 2x2/2 pool) take a branch-free path that
 * finds the first element equal to the forward output y and writes every dx entry once (~1.5x faster: random
 * comparisons mispredict branches); 2x2 windows run as a SIMD kernel (simd/max-pool-grad.c, ~5x the JS loop).
 */
import * as tf from '@tensorflow/tfjs-core';
import { heapOffset, simdKernels } from './simd-kernels.js';
import { type KernelArgs, type WasmBackendLike, zeros } from './wasm-kernel-context.js';

export function maxPoolGrad({ inputs, backend, attrs }: KernelArgs<tf.MaxPoolGradAttrs>): tf.TensorInfo {
  const dy = inputs.dy as tf.TensorInfo;
  const input = inputs.input as tf.TensorInfo;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const nonOverlapping =
    info.strideHeight === info.filterHeight &&
    info.strideWidth === info.filterWidth &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    info.outHeight * info.filterHeight <= info.inHeight && // every window inside x ('same' may pad after)
    info.outWidth * info.filterWidth <= info.inWidth;
  if (nonOverlapping) return nonOverlappingGrad(backend, dy, input, inputs.output as tf.TensorInfo, info);
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const dx = zeros(backend, input.shape);
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  const out = backend.typedArrayFromHeap(dx);
  const best = new Float32Array(C); // running max per channel of the current window
  const at = new Int32Array(C); // its flat index in x
  for (let b = 0; b < batchSize; b++) {
    for (let r = 0; r < OH; r++) {
      const r0 = Math.max(0, r * info.strideHeight - info.padInfo.top);
      const r1 = Math.min(H, r * info.strideHeight - info.padInfo.top + info.effectiveFilterHeight);
      for (let q = 0; q < OW; q++) {
        const q0 = Math.max(0, q * info.strideWidth - info.padInfo.left);
        const q1 = Math.min(W, q * info.strideWidth - info.padInfo.left + info.effectiveFilterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        at.fill(-1);
        // Channels innermost: contiguous reads, one comparison per element.
        for (let i = r0; i < r1; i++) {
          for (let j = q0; j < q1; j++) {
            const base = ((b * H + i) * W + j) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c]!;
              if (v > best[c]!) {
                best[c] = v;
                at[c] = base + c;
              }
            }
          }
        }
        const dyBase = ((b * OH + r) * OW + q) * C;
        for (let c = 0; c < C; c++) {
          const k = at[c]!;
          if (k >= 0) out[k]! += g[dyBase + c]!;
        }
      }
    }
  }
  return dx;
}

function nonOverlappingGrad(
  backend: WasmBackendLike,
  dy: tf.TensorInfo,
  input: tf.TensorInfo,
  output: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: FH, filterWidth: FW } = info;
  const covered = OH * FH === H && OW * FW === W;
  // Uncovered rows/columns (sizes not divisible by the window) get no gradient: zero them first.
  const dx = covered ? backend.makeOutput(input.shape, 'float32') : zeros(backend, input.shape);
  if (FH === 2 && FW === 2) {
    const at = (t: tf.TensorInfo) => heapOffset(backend, t);
    simdKernels(backend).max_pool_2x2_grad(
      at(input),
      at(output),
      at(dy),
      at(dx),
      batchSize,
      info.inHeight,
      info.inWidth,
      info.inChannels,
      info.outHeight,
      info.outWidth,
    );
    return dx;
  }
  const x = backend.typedArrayFromHeap(input);
  const y = backend.typedArrayFromHeap(output);
  const g = backend.typedArrayFromHeap(dy);
  const out = backend.typedArrayFromHeap(dx);
  for (let b = 0; b < batchSize; b++) {
    for (let r = 0; r < OH; r++) {
      for (let q = 0; q < OW; q++) {
        const o = ((b * OH + r) * OW + q) * C;
        const corner = ((b * H + r * FH) * W + q * FW) * C;
        for (let c = 0; c < C; c++) {
          const max = y[o + c]!;
          const d = g[o + c]!;
          let left = 1; // 1 until the first element equal to the max has been given the gradient
          for (let i = 0; i < FH; i++) {
            for (let j = 0; j < FW; j++) {
              const k = corner + (i * W + j) * C + c;
              const hit = left * +(x[k] === max);
              left -= hit;
              out[k] = d * hit;
            }
          }
        }
      }
    }
  }
  return dx;
}
