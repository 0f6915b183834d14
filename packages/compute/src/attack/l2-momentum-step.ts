/**
 * L2 step with momentum on the normalised gradient, the inversion step of SPEC §4 (Jones et al. 2022):
 *
 *   m = momentum * m + (1 - momentum) * g / ||g||_2;   x = x + stepSize * m;   project to the L2 ball, [0, 1]
 *
 * (ascent form; the loop passes -grad when minimising, see attack-step.ts). m starts at zero for every batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttackStep, BallStepOptions } from './attack-step.js';
import { normalise, projectL2 } from './l2-step.js';

export interface L2MomentumStepOptions extends BallStepOptions {
  /** Weight of the previous direction, in [0, 1). */
  momentum: number;
}

type MomentumState = { m: tf.Tensor };

export function createL2MomentumStep({
  eps,
  stepSize,
  momentum,
}: L2MomentumStepOptions): AttackStep<MomentumState> {
  return {
    name: 'l2-momentum',
    init: (x0) => ({ m: tf.zerosLike(x0) }),
    step: (x, g, { m }) =>
      tf.tidy(() => {
        const next = tf.add(tf.mul(m, momentum), tf.mul(normalise(g), 1 - momentum));
        return { x: tf.add(x, tf.mul(next, stepSize)), state: { m: next } };
      }),
    project: (x, x0) => projectL2(x, x0, eps),
  };
}
