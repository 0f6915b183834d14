/** Per-sample reductions and broadcasts over a batch [b, ...] (every axis but the first). */
import * as tf from '@tensorflow/tfjs-core';

/** ||x_i||_2 over all pixels and channels: [b, ...] -> [b]. */
export function perSampleL2Norm(x: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(tf.sum(tf.square(flat(x)), 1)) as tf.Tensor1D);
}

/** [b, ...] -> [b, d]: per-sample arithmetic then broadcasts over one axis only. */
export function flat(x: tf.Tensor): tf.Tensor2D {
  return tf.reshape(x, [x.shape[0] ?? 1, -1]);
}

/** v [b] -> [b, 1, ..., 1] with the rank of `like`, to scale or select whole samples. */
export function perSample(v: tf.Tensor, like: tf.Tensor): tf.Tensor {
  return tf.reshape(v, [v.shape[0] ?? 1, ...like.shape.slice(1).map(() => 1)]);
}

/**
 * Per sample: `a` where take[i] is true, else `b` (both [b, ...], same shape). The choice is known on the CPU,
 * so the common cases (all or none) are plain copies (shared data on WASM) and a mixed choice copies whole
 * samples in JS: exact, and cheaper than broadcasting selects or masks on the WASM backend.
 */
export function selectSamples(take: ArrayLike<boolean>, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const all = Array.prototype.every.call(take, Boolean);
  if (all) return tf.clone(a);
  if (!Array.prototype.some.call(take, Boolean)) return tf.clone(b);
  const size = a.size / take.length;
  const from = a.dataSync() as Float32Array;
  const out = (b.dataSync() as Float32Array).slice();
  for (let i = 0; i < take.length; i++) {
    if (take[i]) out.set(from.subarray(i * size, (i + 1) * size), i * size);
  }
  return tf.tensor(out, a.shape, a.dtype);
}
