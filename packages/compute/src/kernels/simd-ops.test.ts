// SimLab's SIMD ops against the TF.js formulations they replace, on the WASM backend.
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // registers the gradient functions
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { depthwiseConvSame } from '../models/depthwise-conv.js';
import { channelAffine } from './channel-affine.js';
import { depthwiseInputGradient } from './depthwise-input-gradient.js';
import { fusedGelu } from './gelu.js';
import { layerNormInputGradientOnly } from './layer-norm-op.js';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const random = (shape: number[], seed: number, scale = 1) =>
  tf.randomNormal(shape, 0, scale, 'float32', seed);

/** max |a - b| / max(1, max |a|). */
function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  const [x, y] = [a.dataSync(), b.dataSync()];
  expect(x.length).toBe(y.length);
  let err = 0;
  let scale = 1;
  for (let i = 0; i < x.length; i++) {
    err = Math.max(err, Math.abs(x[i]! - y[i]!));
    scale = Math.max(scale, Math.abs(x[i]!));
  }
  return err / scale;
}

describe('channelAffine', () => {
  it('equals x * scale + shift bit for bit, with the gradients of all three inputs', () => {
    tf.tidy(() => {
      const [x, scale, shift] = [random([2, 5, 3, 7], 1), random([7], 2), random([7], 3)];
      expect(relativeError(tf.add(tf.mul(x, scale), shift), channelAffine(x, scale, shift))).toBe(0);
      const w = random([2, 5, 3, 7], 4);
      const loss =
        (f: (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.Tensor) =>
        (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(tf.mul(f(a, b, c), w));
      const ours = tf.grads(loss(channelAffine))([x, scale, shift]);
      const theirs = tf.grads(loss((a, b, c) => tf.add(tf.mul(a, b), c)))([x, scale, shift]);
      for (let i = 0; i < 3; i++) expect(relativeError(theirs[i]!, ours[i]!)).toBeLessThan(1e-6);
    });
  });
});

describe('depthwiseInputGradient', () => {
  it.each([
    [1, [2, 7, 7, 8]],
    [2, [2, 7, 7, 8]],
    [2, [1, 8, 6, 6]],
  ] as Array<[number, [number, number, number, number]]>)(
    'equals the gradient of the depthwise layer op (stride %i, input %j)',
    (stride, shape) => {
      tf.tidy(() => {
        const x = random(shape, 5);
        const w = random([3, 3, shape[3], 1], 6) as tf.Tensor4D;
        const dy = random(tf.depthwiseConv2d(x as tf.Tensor4D, w, stride, 'same').shape, 7) as tf.Tensor4D;
        // The reference: SimLab's depthwise layer op outside the input-gradient scope (its TF.js-op gradient).
        const stock = tf.grad((v: tf.Tensor) =>
          tf.sum(tf.mul(depthwiseConvSame(v as tf.Tensor4D, w, stride), dy)),
        )(x);
        const ours = depthwiseInputGradient(dy, w, shape, stride, 'same', () => {
          throw new Error('the SIMD kernel should be registered on WASM');
        });
        expect(relativeError(stock, ours)).toBeLessThan(1e-5);
      });
    },
  );
});

describe('fusedGelu', () => {
  it('equals x * Phi(x) and its derivative to float32 rounding, tails included', () => {
    tf.tidy(() => {
      const x = tf.concat([random([1000], 8, 3), tf.tensor1d([-12, -8, -5, -1e-3, 0, 1e-3, 5, 8, 12])]);
      const stock = (v: tf.Tensor) => tf.mul(v, tf.mul(0.5, tf.add(1, tf.erf(tf.div(v, Math.SQRT2)))));
      const ours = fusedGelu(x)!;
      // Relative to each value: the tails are where a cheaper erf would lose digits.
      const [a, b] = [stock(x).dataSync(), ours.dataSync()];
      for (let i = 0; i < a.length; i++)
        expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(2e-6 * Math.abs(a[i]!) + 1e-7);
      const dy = random(x.shape, 9);
      const gStock = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(stock(v), dy)))(x);
      const gOurs = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(fusedGelu(v)!, dy)))(x);
      expect(relativeError(gStock, gOurs)).toBeLessThan(1e-5);
    });
  });
});

describe('layerNormInputGradientOnly', () => {
  it('equals the TF.js layer norm and its input gradient (C = 64 and C = 6)', () => {
    for (const channels of [64, 6]) {
      tf.tidy(() => {
        const x = tf.add(random([3, 5, channels], 10, 2), 1.5);
        const [gamma, beta] = [random([channels], 11), random([channels], 12)];
        const eps = 1e-3;
        const stock = (v: tf.Tensor) => {
          const centred = tf.sub(v, tf.mean(v, -1, true));
          const variance = tf.mean(tf.square(centred), -1, true);
          return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, eps))), gamma), beta);
        };
        expect(relativeError(stock(x), layerNormInputGradientOnly(x, gamma, beta, eps)!)).toBeLessThan(1e-5);
        const dy = random(x.shape, 13);
        const gStock = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(stock(v), dy)))(x);
        const gOurs = tf.grad((v: tf.Tensor) =>
          tf.sum(tf.mul(layerNormInputGradientOnly(v, gamma, beta, eps)!, dy)),
        )(x);
        expect(relativeError(gStock, gOurs)).toBeLessThan(1e-5);
      });
    }
  });
});
