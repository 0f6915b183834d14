/**
 * Linf step with sign gradient: x + stepSize * sign(g), projected into the Linf ball of radius eps around x0
 * and [0, 1] (robustness `LinfStep`). A zero gradient gives sign 0, i.e. no step, as the loop requires.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttackStep, BallStepOptions, StepState } from './attack-step.js';

export function createLinfStep({ eps, stepSize }: BallStepOptions): AttackStep<StepState> {
  return {
    name: 'linf',
    init: () => ({}),
    step: (x, g, state) => ({ x: tf.tidy(() => tf.add(x, tf.mul(tf.sign(g), stepSize))), state }),
    project: (x, x0) =>
      tf.tidy(() => tf.clipByValue(tf.add(x0, tf.clipByValue(tf.sub(x, x0), -eps, eps)), 0, 1)),
    randomStart: (x0, seed) =>
      tf.tidy(() => tf.clipByValue(tf.add(x0, tf.randomUniform(x0.shape, -eps, eps, 'float32', seed)), 0, 1)),
  };
}
