/**
 * Conv2DBackpropInput as one XNNPACK matmul plus a col2im scatter per chunk of samples: the path for few input
 * channels (a flipped-filter Conv2D would have few output channels, which XNNPACK vectorises poorly) and for
 * strides above 1 (no zero-inflated dy).
 *
 *   cols [N, K] = dy [N, outC] x W^T [outC, K],   N = samples*outH*outW, K = fh*fw*inC
 *   dx[n, r*sh + kh - top, q*sw + kw - left, :] += cols[(n, r, q), (kh, kw, :)]
 *
 * Any stride and padding; NHWC only (as the WASM Conv2D itself). The scatter is a SIMD kernel (simd/col2im.c).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { derivedTensors } from './derived-tensors.js';
import { heapOffset, simdKernels } from './simd-kernels.js';
import { callKernel, sampleRows, type WasmBackendLike, wasmKernel, zeros } from './wasm-kernel-context.js';

/** 4 Mi floats = 16 MiB of cols per chunk. */
const CHUNK_FLOATS = 4 * 1024 * 1024;

export function conv2dBackpropInputCol2im(
  backend: WasmBackendLike,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const perSample = info.outHeight * info.outWidth;
  const chunk = Math.max(1, Math.min(info.batchSize, Math.floor(CHUNK_FLOATS / (K * perSample))));
  const [wT] = derivedTensors(backend, filter, `col2im-transposed ${filter.shape}`, () => [
    transposeFilter(backend, filter),
  ]) as [tf.TensorInfo]; // [1, outC, K], kept with the filter
  const dx = zeros(backend, info.inShape);
  try {
    for (let n0 = 0; n0 < info.batchSize; n0 += chunk) {
      const n1 = Math.min(info.batchSize, n0 + chunk);
      const dyChunk = sampleRows(backend, dy, n0, n1); // [1, N, outC]
      const cols = callKernel(
        wasmKernel('BatchMatMul'),
        backend,
        { a: dyChunk, b: wT },
        {
          transposeA: false,
          transposeB: false,
        },
      ); // [1, N, K]
      if (dyChunk.dataId !== dy.dataId) backend.disposeData(dyChunk.dataId);
      simdKernels(backend).col2im_add(
        heapOffset(backend, cols),
        heapOffset(backend, dx),
        n0,
        n1,
        info.inHeight,
        info.inWidth,
        info.inChannels,
        info.outHeight,
        info.outWidth,
        info.filterHeight,
        info.filterWidth,
        info.strideHeight,
        info.strideWidth,
        info.padInfo.top,
        info.padInfo.left,
      );
      backend.disposeData(cols.dataId);
    }
  } catch (error) {
    backend.disposeData(dx.dataId);
    throw error;
  }
  return dx;
}

/** W [fh, fw, inC, outC] viewed as [K, outC] -> [1, outC, K]. */
function transposeFilter(backend: WasmBackendLike, filter: tf.TensorInfo): tf.TensorInfo {
  const [fh, fw, inC, outC] = filter.shape as [number, number, number, number];
  const K = fh * fw * inC;
  const out = backend.makeOutput([1, outC, K], 'float32');
  const w = backend.typedArrayFromHeap(filter);
  const t = backend.typedArrayFromHeap(out);
  for (let k = 0; k < K; k++) {
    for (let o = 0; o < outC; o++) t[o * K + k] = w[k * outC + o]!;
  }
  return out;
}
