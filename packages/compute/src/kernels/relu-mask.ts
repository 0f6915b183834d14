/**
 * The gradient through a ReLU from its output: dy where y > 0, else 0 (TF.js: dy * step(y), two kernels and a
 * temporary). On the WASM backend one SIMD pass (simd/relu-mask.c) registered as the kernel 'SimLabReluMask';
 * elsewhere TF.js's two ops. Values are equal (a masked-out entry is +0 rather than dy * 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import { heapOffset, simdKernels } from './simd-kernels.js';
import type { KernelArgs } from './wasm-kernel-context.js';

export const RELU_MASK = 'SimLabReluMask';

/** dy * step(y) for y = relu(anything) of dy's shape. */
export function reluMask(dy: tf.Tensor, y: tf.Tensor): tf.Tensor {
  if (dy.dtype === 'float32' && y.dtype === 'float32' && tf.getKernel(RELU_MASK, tf.getBackend())) {
    return tf.engine().runKernel(RELU_MASK, { dy, y }) as tf.Tensor;
  }
  return tf.mul(dy, tf.step(y));
}

/** The WASM kernel (installed by installFastKernels). */
export function reluMaskKernel({ inputs, backend }: KernelArgs<unknown>): tf.TensorInfo {
  const dy = inputs.dy as tf.TensorInfo;
  const y = inputs.y as tf.TensorInfo;
  const out = backend.makeOutput([...dy.shape], 'float32');
  const n = dy.shape.reduce((p, d) => p * d, 1);
  simdKernels(backend).relu_mask(
    heapOffset(backend, dy),
    heapOffset(backend, y),
    heapOffset(backend, out),
    n,
  );
  return out;
}
