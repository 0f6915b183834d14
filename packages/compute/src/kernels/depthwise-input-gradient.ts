/**
 * Input gradient of a depthwise convolution (channel multiplier 1, NHWC) as one SIMD gather per output pixel
 * (simd/depthwise-backprop-input.c) on the WASM backend: the TF.js route (pad, dilate, a depthwise convolution
 * with the flipped filter, pad, slice: models/depthwise-conv.ts) spends most of its time in PadV2 and Slice.
 * Elsewhere `fallback` computes it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { heapOffset, simdKernels } from './simd-kernels.js';
import type { KernelArgs } from './wasm-kernel-context.js';

export const DEPTHWISE_BACKPROP_INPUT = 'SimLabDepthwiseBackpropInput';

interface Attrs {
  inputShape: [number, number, number, number];
  stride: number;
  pad: 'same' | 'valid';
}

/** dx [n, h, w, c] of y = depthwiseConv2d(x, w [k, k, c, 1], stride, pad) from dy. */
export function depthwiseInputGradient(
  dy: tf.Tensor4D,
  w: tf.Tensor4D,
  inputShape: [number, number, number, number],
  stride: number,
  pad: 'same' | 'valid',
  fallback: () => tf.Tensor4D,
): tf.Tensor4D {
  if (!tf.getKernel(DEPTHWISE_BACKPROP_INPUT, tf.getBackend()) || w.shape[3] !== 1) return fallback();
  const attrs: Attrs = { inputShape, stride, pad };
  return tf
    .engine()
    .runKernel(DEPTHWISE_BACKPROP_INPUT, { dy, w }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

export function depthwiseBackpropInputKernel({ inputs, backend, attrs }: KernelArgs<Attrs>): tf.TensorInfo {
  const dy = inputs.dy as tf.TensorInfo;
  const w = inputs.w as tf.TensorInfo;
  const [kh, kw] = w.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    w.shape as [number, number, number, number],
    attrs.stride,
    1,
    attrs.pad,
    undefined,
    true,
  );
  const [n, h, width, c] = attrs.inputShape;
  const dx = backend.makeOutput([...attrs.inputShape], 'float32');
  simdKernels(backend).depthwise_backprop_input(
    heapOffset(backend, dy),
    heapOffset(backend, w),
    heapOffset(backend, dx),
    n,
    h,
    width,
    c,
    info.outHeight,
    info.outWidth,
    kh,
    kw,
    attrs.stride,
    info.padInfo.top,
    info.padInfo.left,
  );
  return dx;
}
