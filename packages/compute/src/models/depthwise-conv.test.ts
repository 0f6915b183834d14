import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { depthwiseConvSame } from './depthwise-conv.js';

beforeAll(async () => {
  await initBackend();
});

/** The same depthwise convolution as a dense conv2d whose kernel is zero off the channel diagonal. */
function viaDenseConv(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  const c = w.shape[2];
  const dense = tf.mul(w, tf.reshape(tf.eye(c), [1, 1, c, c])) as tf.Tensor4D; // [k, k, c, c]
  return tf.conv2d(x, dense, stride, 'same');
}

function maxRelativeError(a: tf.Tensor, b: tf.Tensor): number {
  const [p, q] = [a.dataSync(), b.dataSync()];
  expect(p.length).toBe(q.length);
  let [err, scale] = [0, 1];
  for (let i = 0; i < p.length; i++) {
    err = Math.max(err, Math.abs(p[i]! - q[i]!));
    scale = Math.max(scale, Math.abs(q[i]!));
  }
  return err / scale;
}

describe('depthwiseConvSame', () => {
  it.each([
    [1, 3, 7, 7],
    [2, 3, 14, 14],
    [2, 3, 7, 7], // odd size, stride 2: 'same' pads 1 before and 1 after
    [2, 3, 8, 5],
    [1, 5, 6, 9],
    [2, 5, 9, 6],
  ])('stride %i, kernel %i, %ix%i: values and both gradients equal a block-diagonal conv2d', (s, k, h, w) => {
    const x = tf.randomNormal([2, h, w, 3], 0, 1, 'float32', h * 10 + w) as tf.Tensor4D;
    const filter = tf.randomNormal([k, k, 3, 1], 0, 1, 'float32', k + s) as tf.Tensor4D;
    const weight = tf.randomNormal([2, Math.ceil(h / s), Math.ceil(w / s), 3], 0, 1, 'float32', 5);
    const loss = (f: typeof depthwiseConvSame) => (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(f(a as tf.Tensor4D, b as tf.Tensor4D, s), weight));
    const ours = tf.grads(loss(depthwiseConvSame))([x, filter]);
    const reference = tf.grads(loss(viaDenseConv))([x, filter]);
    expect(maxRelativeError(depthwiseConvSame(x, filter, s), viaDenseConv(x, filter, s))).toBeLessThan(1e-5);
    expect(maxRelativeError(ours[0]!, reference[0]!)).toBeLessThan(1e-5);
    expect(maxRelativeError(ours[1]!, reference[1]!)).toBeLessThan(1e-5);
  });

  it('leaks no tensors in the backward pass', () => {
    const x = tf.randomNormal([1, 6, 6, 2]) as tf.Tensor4D;
    const filter = tf.randomNormal([3, 3, 2, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(depthwiseConvSame(a as tf.Tensor4D, b as tf.Tensor4D, 2)),
    )([x, filter]);
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(before);
  });
});
