/**
 * L2 step with normalised gradient: x + stepSize * g / ||g||_2, projected into the L2 ball of radius eps
 * around x0 and [0, 1] (robustness `L2Step`).
 *
 * Provenance: robustness divides by (||g|| + 1e-10) and renorms with maxnorm/(norm + 1e-7); we divide by the
 * exact norms, and a sample with ||g|| = 0 takes no step (the loop freezes it) instead of a zero-length one.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttackStep, BallStepOptions, StepState } from './attack-step.js';
import { flat, perSampleL2Norm } from './per-sample.js';

export function createL2Step({ eps, stepSize }: BallStepOptions): AttackStep<StepState> {
  return {
    name: 'l2',
    init: () => ({}),
    step: (x, g, state) => ({ x: tf.tidy(() => tf.add(x, tf.mul(normalise(g), stepSize))), state }),
    project: (x, x0) => projectL2(x, x0, eps),
    randomStart: (x0, seed) =>
      tf.tidy(() => {
        // A uniformly random direction, scaled to the sphere of radius eps (robustness L2Step.random_perturb).
        const r = tf.randomNormal(x0.shape, 0, 1, 'float32', seed);
        return tf.clipByValue(tf.add(x0, tf.mul(normalise(r), eps)), 0, 1);
      }),
  };
}

/** g / ||g||_2 per sample; a zero sample stays zero (divides by 1). */
export function normalise(g: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const norm = perSampleL2Norm(g); // [b]
    const safe = tf.where(tf.greater(norm, 0), norm, tf.onesLike(norm));
    return tf.reshape(tf.div(flat(g), tf.expandDims(safe, 1)), g.shape);
  });
}

/** SPEC §4: d = x - x0 scaled down to ||d||_2 <= eps per sample, then clamp(x0 + d, 0, 1). */
export function projectL2(x: tf.Tensor, x0: tf.Tensor, eps: number): tf.Tensor {
  return tf.tidy(() => {
    const d = flat(tf.sub(x, x0)); // [b, d]
    const norm = perSampleL2Norm(d); // [b]
    // eps / 0 = Infinity, so a zero d keeps scale 1 (no NaN).
    const scale = tf.minimum(tf.div(tf.scalar(eps), norm), 1);
    const inBall = tf.reshape(tf.mul(d, tf.expandDims(scale, 1)), x.shape);
    return tf.clipByValue(tf.add(x0, inBall), 0, 1);
  });
}
