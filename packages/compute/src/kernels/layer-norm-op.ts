/**
 * Layer normalisation over the last axis as one op whose gradient reaches its input only, each direction one
 * SIMD pass per row (simd/layer-norm.c) on the WASM backend. For input gradients with fixed gamma and beta
 * (inversion, attacks): the TF.js formulation in models/layer-norm.ts is nine ops forward and about fifteen
 * backward.
 */
import * as tf from '@tensorflow/tfjs-core';
import { heapOffset, simdKernels } from './simd-kernels.js';
import type { KernelArgs } from './wasm-kernel-context.js';

export const LAYER_NORM = 'SimLabLayerNorm';
export const LAYER_NORM_GRAD = 'SimLabLayerNormGrad';

interface Attrs {
  epsilon: number;
}

/**
 * LayerNorm(x) * gamma + beta with a gradient for x alone, or undefined where the kernels are not registered.
 * gamma and beta are constants of the op: use it only when no gradient is wanted for them.
 */
export function layerNormInputGradientOnly(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number,
): tf.Tensor | undefined {
  if (x.dtype !== 'float32' || !tf.getKernel(LAYER_NORM, tf.getBackend())) return undefined;
  const attrs = { epsilon } as unknown as tf.NamedAttrMap;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([input]);
    return {
      value: tf.engine().runKernel(LAYER_NORM, { x: input, gamma, beta }, attrs) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.engine().runKernel(LAYER_NORM_GRAD, { x: saved[0]!, gamma, dy }, attrs) as tf.Tensor,
    };
  });
  return op(x);
}

function rowsOf(x: tf.TensorInfo): [number, number] {
  const channels = x.shape[x.shape.length - 1]!;
  return [x.shape.reduce((p, d) => p * d, 1) / channels, channels];
}

export function layerNormKernel({ inputs, backend, attrs }: KernelArgs<Attrs>): tf.TensorInfo {
  const { x, gamma, beta } = inputs as Record<string, tf.TensorInfo>;
  const out = backend.makeOutput([...x!.shape], 'float32');
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  simdKernels(backend).layer_norm(at(x!), at(gamma!), at(beta!), at(out), ...rowsOf(x!), attrs.epsilon);
  return out;
}

export function layerNormGradKernel({ inputs, backend, attrs }: KernelArgs<Attrs>): tf.TensorInfo {
  const { x, gamma, dy } = inputs as Record<string, tf.TensorInfo>;
  const dx = backend.makeOutput([...x!.shape], 'float32');
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  simdKernels(backend).layer_norm_grad(at(x!), at(gamma!), at(dy!), at(dx), ...rowsOf(x!), attrs.epsilon);
  return dx;
}
