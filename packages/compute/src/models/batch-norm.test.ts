import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { BatchNorm } from './batch-norm.js';

beforeAll(async () => {
  await initBackend();
});

/** The same input through our layer and tfjs-layers' BatchNormalization, weights copied across. */
function pair(momentum: number) {
  const input = tfl.input({ shape: [5, 5, 3] });
  const ours = tfl.model({
    inputs: input,
    outputs: new BatchNorm({ momentum }).apply(input) as tfl.SymbolicTensor,
  });
  const keras = tfl.model({
    inputs: input,
    outputs: tfl.layers.batchNormalization({ momentum }).apply(input) as tfl.SymbolicTensor,
  });
  const weights = [
    tf.tensor1d([1.5, 0.5, 2]),
    tf.tensor1d([0.1, -0.2, 0.3]),
    tf.tensor1d([0.4, 0.5, 0.6]),
    tf.tensor1d([2, 0.5, 1]),
  ];
  ours.setWeights(weights);
  keras.setWeights(weights);
  tf.dispose(weights);
  return { ours, keras };
}

function close(a: tf.Tensor, b: tf.Tensor, tolerance = 1e-5): void {
  const [x, y] = [a.dataSync(), b.dataSync()];
  expect(x.length).toBe(y.length);
  for (let i = 0; i < x.length; i++)
    expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(tolerance * (1 + Math.abs(y[i]!)));
}

describe('BatchNorm', () => {
  it('matches tfjs-layers BatchNormalization in inference mode, values and input gradients', () => {
    const { ours, keras } = pair(0.9);
    const x = tf.randomNormal([4, 5, 5, 3], 1, 2, 'float32', 7);
    const w = tf.randomNormal([4, 5, 5, 3], 0, 1, 'float32', 8);
    const gradOf = (m: tfl.LayersModel) =>
      tf.grad((v: tf.Tensor) => tf.sum(tf.mul(m.apply(v) as tf.Tensor, w)))(x);
    close(ours.predict(x) as tf.Tensor, keras.predict(x) as tf.Tensor);
    close(gradOf(ours), gradOf(keras));
  });

  it('matches in training mode: output, weight gradients and the moving-average update', () => {
    const { ours, keras } = pair(0.9);
    const x = tf.randomNormal([4, 5, 5, 3], 1, 2, 'float32', 9);
    const w = tf.randomNormal([4, 5, 5, 3], 0, 1, 'float32', 10);
    const step = (m: tfl.LayersModel) => {
      const vars = m.trainableWeights.map((v) => v.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.mul(m.apply(x, { training: true }) as tf.Tensor, w)) as tf.Scalar,
        vars,
      );
      return { value, grads: vars.map((v) => grads[v.name]!) };
    };
    const [a, b] = [step(ours), step(keras)];
    close(a.value, b.value, 1e-4);
    for (const [i, g] of a.grads.entries()) close(g, b.grads[i]!, 1e-4);
    // moving_mean and moving_variance after one update
    const oursMoving = ours.getWeights().slice(2);
    const kerasMoving = keras.getWeights().slice(2);
    close(oursMoving[0]!, kerasMoving[0]!);
    close(oursMoving[1]!, kerasMoving[1]!);
    expect(oursMoving[0]!.dataSync()).not.toEqual(new Float32Array([0.4, 0.5, 0.6]));
  });

  it('changes nothing in inference mode and leaks no tensors', () => {
    const { ours } = pair(0.9);
    const x = tf.randomNormal([2, 5, 5, 3]);
    const before = ours.getWeights().map((t) => t.dataSync().slice());
    const count = tf.memory().numTensors;
    tf.dispose(ours.apply(x, { training: false }) as tf.Tensor);
    tf.dispose(ours.apply(x, { training: true }) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(count);
    tf.dispose(ours.apply(x) as tf.Tensor);
    const after = ours.getWeights().map((t) => t.dataSync());
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after[2]).not.toEqual(before[2]); // only the training call moved the statistics
  });
});
