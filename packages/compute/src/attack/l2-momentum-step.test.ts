import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createL2MomentumStep } from './l2-momentum-step.js';
import { normalise, projectL2 } from './l2-step.js';

beforeAll(async () => {
  await initBackend();
});

/** The step as TF.js ops, as it was computed before the JS rewrite: the reference. */
function referenceStep(
  x: tf.Tensor,
  g: tf.Tensor,
  m: tf.Tensor,
  x0: tf.Tensor,
  p: { stepSize: number; momentum: number; eps: number },
) {
  return tf.tidy(() => {
    const next = tf.add(tf.mul(m, p.momentum), tf.mul(normalise(g), 1 - p.momentum));
    return { x: projectL2(tf.add(x, tf.mul(next, p.stepSize)), x0, p.eps), m: next };
  });
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  const [x, y] = [a.dataSync(), b.dataSync()];
  return Math.max(...Array.from(x, (v, i) => Math.abs(v - y[i]!)));
}

describe('createL2MomentumStep (JS arithmetic)', () => {
  it.each([
    ['inside the ball', 1000],
    ['projected back onto the ball', 0.05],
  ])('equals the TF.js formulation to float32 rounding over several steps, %s', (_, eps) => {
    const p = { stepSize: 0.1, momentum: 0.9, eps };
    const step = createL2MomentumStep(p);
    const shape = [5, 6, 6, 2];
    const x0 = tf.randomUniform(shape, 0, 1, 'float32', 1);
    let x = tf.clone(x0);
    let m = tf.zerosLike(x0);
    let rx = tf.clone(x0);
    let rm = tf.zerosLike(x0);
    for (let k = 0; k < 5; k++) {
      // A gradient with a zero sample (it must stay zero, no NaN) and values pushing pixels out of [0, 1].
      const g = tf.tidy(() => {
        const r = tf.randomNormal(shape, 0, 3, 'float32', 10 + k);
        const keep = tf.tensor4d([1, 1, 0, 1, 1], [5, 1, 1, 1]);
        return tf.mul(r, keep);
      });
      const moved = step.step(x, g, { m });
      const projected = step.project(moved.x, x0);
      const ref = referenceStep(rx, g, rm, x0, p);
      tf.dispose([x, m, rx, rm, moved.x, g]);
      [x, m, rx, rm] = [projected, moved.state.m, ref.x, ref.m];
      expect(maxDifference(x, rx)).toBeLessThan(1e-6);
      expect(maxDifference(m, rm)).toBeLessThan(1e-6);
    }
    const values = x.dataSync();
    expect(values.every((v) => v >= 0 && v <= 1 && !Number.isNaN(v))).toBe(true);
    tf.dispose([x, m, rx, rm, x0]);
  });
});
