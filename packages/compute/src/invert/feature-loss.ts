/**
 * The inversion objective (SPEC §4): loss_i(x) = ||rep(x_i) - r_t,i||_2 / ||r_t,i||_2, per sample.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Row-wise L2 norm [b, d] -> [b] whose gradient at a zero row is 0 instead of 0/0 = NaN (a sample whose
 * representation already equals its target then has a zero gradient and takes no step).
 */
const rowNorm = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [d, save] = inputs as [tf.Tensor2D, tf.GradSaveFunc];
  const norm = tf.sqrt(tf.sum(tf.square(d), 1)); // [b]
  save([d, norm]);
  return {
    value: norm,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [x, n] = saved as [tf.Tensor2D, tf.Tensor1D];
      const safe = tf.where(tf.greater(n, 0), n, tf.onesLike(n));
      return tf.mul(x, tf.expandDims(tf.div(dy, safe), 1)); // d||x||/dx = x / ||x||, 0 at x = 0
    },
  };
}) as (d: tf.Tensor2D) => tf.Tensor1D;

/** ||r - rT|| / ||rT|| per sample; rT [b, d] and its norms [b] are fixed (computed once per batch). */
export function relativeDistance(r: tf.Tensor2D, rT: tf.Tensor2D, rTNorm: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.div(rowNorm(tf.sub(r, rT)), rTNorm) as tf.Tensor1D);
}

/** Plain row norms, for the fixed targets. */
export function rowNorms(r: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(tf.sum(tf.square(r), 1)) as tf.Tensor1D);
}
