import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the gradient functions
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { relativeDistance, rowNorms } from './feature-loss.js';

beforeAll(async () => {
  await initBackend();
});

/** The loss as TF.js ops (its form before the JS rewrite): the reference. */
const reference = (r: tf.Tensor2D, rT: tf.Tensor2D, rTNorm: tf.Tensor1D) =>
  tf.div(tf.norm(tf.sub(r, rT), 'euclidean', 1), rTNorm) as tf.Tensor1D;

describe('relativeDistance (JS arithmetic)', () => {
  it('equals the TF.js formulation in value and gradient; a sample at its target has a zero gradient', () => {
    tf.tidy(() => {
      const rT = tf.randomNormal([4, 37], 0, 1, 'float32', 1) as tf.Tensor2D;
      const rTNorm = rowNorms(rT);
      const r = tf.concat([
        tf.randomNormal([3, 37], 0, 1, 'float32', 2),
        tf.slice(rT, [3, 0], [1, 37]),
      ]) as tf.Tensor2D;
      const dy = tf.tensor1d([0.25, -1, 2, 0.5]);
      const ours = tf.valueAndGrad((v: tf.Tensor) => relativeDistance(v as tf.Tensor2D, rT, rTNorm))(r, dy);
      const [rT3, rTNorm3] = [
        tf.slice(rT, [0, 0], [3, 37]) as tf.Tensor2D,
        tf.slice(rTNorm, [0], [3]) as tf.Tensor1D,
      ];
      const theirs = tf.valueAndGrad((v: tf.Tensor) => reference(v as tf.Tensor2D, rT3, rTNorm3))(
        tf.slice(r, [0, 0], [3, 37]),
        tf.slice(dy, [0], [3]),
      );
      const value = Array.from(ours.value.dataSync());
      Array.from(theirs.value.dataSync()).forEach((v, i) => {
        expect(value[i]).toBeCloseTo(v, 6);
      });
      expect(value[3]).toBe(0);
      const grad = ours.grad.dataSync();
      const expected = theirs.grad.dataSync();
      for (let k = 0; k < expected.length; k++) expect(Math.abs(grad[k]! - expected[k]!)).toBeLessThan(1e-6);
      expect(Array.from(grad.subarray(3 * 37)).every((v) => v === 0)).toBe(true);
    });
  });
});
