/**
 * y = x * scale + shift with scale and shift per channel (the last axis): batch norm in inference mode. On the
 * WASM backend one SIMD pass (simd/channel-affine.c) instead of two broadcasting ops, the WASM backend's slow
 * path (~2x a same-shape multiply); the same float32 multiply then add, so the same values. Its gradient is
 * registered per input: dx = dy * scale (the same kernel without shift), dscale and dshift as sums.
 */
import * as tf from '@tensorflow/tfjs-core';
import { heapOffset, simdKernels } from './simd-kernels.js';
import type { KernelArgs } from './wasm-kernel-context.js';

export const CHANNEL_AFFINE = 'SimLabChannelAffine';

/** x [..., C] * scale [C] (+ shift [C]). */
export function channelAffine(x: tf.Tensor, scale: tf.Tensor, shift?: tf.Tensor): tf.Tensor {
  const channels = x.shape[x.rank - 1];
  const usable =
    tf.getKernel(CHANNEL_AFFINE, tf.getBackend()) &&
    [x, scale, shift ?? scale].every((t) => t.dtype === 'float32') &&
    scale.rank === 1 &&
    scale.shape[0] === channels &&
    (!shift || (shift.rank === 1 && shift.shape[0] === channels));
  if (!usable) return tf.tidy(() => (shift ? tf.add(tf.mul(x, scale), shift) : tf.mul(x, scale)));
  const inputs: tf.NamedTensorMap = shift ? { x, scale, shift } : { x, scale };
  return tf.engine().runKernel(CHANNEL_AFFINE, inputs) as tf.Tensor;
}

export function channelAffineKernel({ inputs, backend }: KernelArgs<unknown>): tf.TensorInfo {
  const { x, scale, shift } = inputs as Record<string, tf.TensorInfo | undefined>;
  const out = backend.makeOutput([...x!.shape], 'float32');
  const channels = x!.shape[x!.shape.length - 1]!;
  const rows = x!.shape.reduce((p, d) => p * d, 1) / channels;
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  simdKernels(backend).channel_affine(
    at(x!),
    at(scale!),
    shift ? at(shift) : 0,
    at(out),
    rows,
    channels,
    shift ? 1 : 0,
  );
  return out;
}

export const channelAffineGradient: tf.GradConfig = {
  kernelName: CHANNEL_AFFINE,
  inputsToSave: ['x', 'scale'],
  gradFunc: (dy, saved) => {
    const [x, scale] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    const rows = Array.from({ length: x.rank - 1 }, (_, i) => i); // every axis but the channels
    return {
      x: () => channelAffine(g, scale),
      scale: () => tf.sum(tf.mul(g, x), rows),
      shift: () => tf.sum(g, rows),
    };
  },
};

tf.registerGradient(channelAffineGradient);
