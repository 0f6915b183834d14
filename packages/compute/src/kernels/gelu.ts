/**
 * GELU(x) = x Phi(x) as one op with its own gradient, Phi(x) + x phi(x), each a SIMD pass (simd/gelu.c) on the
 * WASM backend. tfjs-layers' 'gelu' activation is four ops (div, erf, add, mul), and its gradient through erf
 * another eight or so, the largest element-wise cost of the zoo's MLP-Mixer. Phi comes from an erfc accurate to
 * 1.2e-7 relative (the stock 1 + erf loses the tails to cancellation), so values agree to float32 rounding.
 */
import * as tf from '@tensorflow/tfjs-core';
import { heapOffset, simdKernels } from './simd-kernels.js';
import type { KernelArgs } from './wasm-kernel-context.js';

export const GELU = 'SimLabGelu';
export const GELU_GRAD = 'SimLabGeluGrad';

/** GELU with the SIMD kernels, or undefined where they are not registered (another backend). */
export function fusedGelu(x: tf.Tensor): tf.Tensor | undefined {
  if (x.dtype !== 'float32' || !tf.getKernel(GELU, tf.getBackend())) return undefined;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([input]);
    return {
      value: tf.engine().runKernel(GELU, { x: input }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.engine().runKernel(GELU_GRAD, { x: saved[0]!, dy }) as tf.Tensor,
    };
  });
  return op(x);
}

const size = (t: tf.TensorInfo) => t.shape.reduce((p, d) => p * d, 1);

export function geluKernel({ inputs, backend }: KernelArgs<unknown>): tf.TensorInfo {
  const x = inputs.x as tf.TensorInfo;
  const out = backend.makeOutput([...x.shape], 'float32');
  simdKernels(backend).gelu(heapOffset(backend, x), heapOffset(backend, out), size(x));
  return out;
}

export function geluGradKernel({ inputs, backend }: KernelArgs<unknown>): tf.TensorInfo {
  const x = inputs.x as tf.TensorInfo;
  const dy = inputs.dy as tf.TensorInfo;
  const dx = backend.makeOutput([...x.shape], 'float32');
  simdKernels(backend).gelu_grad(
    heapOffset(backend, x),
    heapOffset(backend, dy),
    heapOffset(backend, dx),
    size(x),
  );
  return dx;
}
