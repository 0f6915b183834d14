/**
 * Conv2DBackpropFilter for the WASM backend, which has none in tfjs 4.22 (training a conv net on WASM fails
 * with "Kernel 'Conv2DBackpropFilter' not registered"). im2col + one XNNPACK matmul per chunk of samples:
 *
 *   dW[kh, kw, ci, co] = sum_{n, r, q} x[n, r*sh + kh - top, q*sw + kw - left, ci] * dy[n, r, q, co]
 *   dW [K, outC] = colsT [K, N] x dy [N, outC],   K = fh*fw*inC, N = samples*outH*outW
 *
 * Orientation: XNNPACK packs the right operand on every call, so it must be the smaller one (dy); the
 * other way round (dy^T x patches) measured 1.3-6x slower. Chunks bound colsT to ~16 MiB.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  callKernel,
  type KernelArgs,
  sampleRows,
  type WasmBackendLike,
  wasmKernel,
  zeros,
} from './wasm-kernel-context.js';

/** 4 Mi floats = 16 MiB of colsT per chunk. */
const CHUNK_FLOATS = 4 * 1024 * 1024;

export function conv2dBackpropFilter({
  inputs,
  backend,
  attrs,
}: KernelArgs<tf.Conv2DBackpropFilterAttrs>): tf.TensorInfo {
  const x = inputs.x as tf.TensorInfo;
  const dy = inputs.dy as tf.TensorInfo;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  if (info.dataFormat !== 'channelsLast') {
    throw new Error(`Conv2DBackpropFilter on WASM supports NHWC only, got ${attrs.dataFormat}`);
  }
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const perSample = info.outHeight * info.outWidth;
  const chunk = Math.max(1, Math.min(info.batchSize, Math.floor(CHUNK_FLOATS / (K * perSample))));
  let dw: tf.TensorInfo | undefined;
  for (let n0 = 0; n0 < info.batchSize; n0 += chunk) {
    const n1 = Math.min(info.batchSize, n0 + chunk);
    const colsT = im2colT(backend, x, info, n0, n1); // [1, K, N]
    const dyRows = sampleRows(backend, dy, n0, n1); // [1, N, outC]
    const partial = callKernel(
      wasmKernel('BatchMatMul'),
      backend,
      { a: colsT, b: dyRows },
      {
        transposeA: false,
        transposeB: false,
      },
    ); // [1, K, outC]
    backend.disposeData(colsT.dataId);
    if (dyRows.dataId !== dy.dataId) backend.disposeData(dyRows.dataId);
    if (dw === undefined) {
      dw = partial;
    } else {
      const sum = backend.typedArrayFromHeap(dw);
      const add = backend.typedArrayFromHeap(partial);
      for (let i = 0; i < sum.length; i++) sum[i]! += add[i]!;
      backend.disposeData(partial.dataId);
    }
  }
  return { ...dw!, shape: attrs.filterShape };
}

/** colsT[(kh, kw, ci), (n, r, q)] = x[n, r*sh + kh - top, q*sw + kw - left, ci], zero outside x. */
function im2colT(
  backend: WasmBackendLike,
  x: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  n0: number,
  n1: number,
): tf.TensorInfo {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW } = info;
  const N = (n1 - n0) * OH * OW;
  const colsT = zeros(backend, [1, FH * FW * C, N]);
  const xs = backend.typedArrayFromHeap(x);
  const out = backend.typedArrayFromHeap(colsT);
  // Row-major over colsT: contiguous writes, strided reads (reads are the cheaper side to stride).
  for (let kh = 0; kh < FH; kh++) {
    for (let kw = 0; kw < FW; kw++) {
      for (let c = 0; c < C; c++) {
        let at = ((kh * FW + kw) * C + c) * N;
        for (let n = n0; n < n1; n++) {
          for (let r = 0; r < OH; r++, at += OW) {
            const i = r * SH + kh - info.padInfo.top;
            if (i < 0 || i >= H) continue;
            const rowBase = (n * H + i) * W;
            for (let q = 0; q < OW; q++) {
              const j = q * SW + kw - info.padInfo.left;
              if (j >= 0 && j < W) out[at + q] = xs[(rowBase + j) * C + c]!;
            }
          }
        }
      }
    }
  }
  return colsT;
}
