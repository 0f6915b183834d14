/**
 * The inversion objective (SPEC §4): loss_i(x) = ||rep(x_i) - r_t,i||_2 / ||r_t,i||_2, per sample.
 *
 * One custom op whose value and gradient are computed in plain JS (float64 sums, float32 results): the
 * representation is small ([b, d], d <= a few hundred), and as TF.js ops the loss and its gradient were ~15
 * kernel calls per iteration, each costing more than its arithmetic on the WASM backend.
 */
import * as tf from '@tensorflow/tfjs-core';

/** JS copies of the fixed targets, read once per batch rather than once per iteration. */
const copies = new WeakMap<tf.Tensor, Float32Array>();

function valuesOf(t: tf.Tensor): Float32Array {
  let v = copies.get(t);
  if (!v) {
    v = t.dataSync() as Float32Array;
    copies.set(t, v);
  }
  return v;
}

/**
 * ||r - rT|| / ||rT|| per sample; rT [b, d] and its norms [b] are fixed (computed once per batch). The gradient
 * of a sample whose representation equals its target is 0 (not 0/0 = NaN): it then takes no step.
 */
export function relativeDistance(r: tf.Tensor2D, rT: tf.Tensor2D, rTNorm: tf.Tensor1D): tf.Tensor1D {
  const target = valuesOf(rT);
  const targetNorm = valuesOf(rTNorm);
  const [b, d] = r.shape;
  const op = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const values = (inputs[0] as tf.Tensor2D).dataSync() as Float32Array;
    const diff = new Float32Array(b * d); // r - rT, as float32 (exact for nearby values)
    const distance = new Float64Array(b);
    const loss = new Float32Array(b);
    for (let i = 0; i < b; i++) {
      let s = 0;
      for (let k = i * d; k < (i + 1) * d; k++) {
        const v = Math.fround(values[k]! - target[k]!);
        diff[k] = v;
        s += v * v;
      }
      distance[i] = Math.sqrt(s);
      loss[i] = distance[i]! / targetNorm[i]!;
    }
    return {
      value: tf.tensor1d(loss),
      gradFunc: (dy: tf.Tensor) => {
        const upstream = dy.dataSync();
        const grad = new Float32Array(b * d);
        for (let i = 0; i < b; i++) {
          if (!(distance[i]! > 0)) continue; // d||v||/dv = v / ||v||, 0 at v = 0
          const scale = upstream[i]! / (distance[i]! * targetNorm[i]!);
          for (let k = i * d; k < (i + 1) * d; k++) grad[k] = diff[k]! * scale;
        }
        return tf.tensor2d(grad, [b, d]);
      },
    };
  }) as (r: tf.Tensor2D) => tf.Tensor1D;
  return op(r);
}

/** Plain row norms, for the fixed targets. */
export function rowNorms(r: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(tf.sum(tf.square(r), 1)) as tf.Tensor1D);
}
