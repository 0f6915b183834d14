import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { LayerNorm } from './layer-norm.js';

beforeAll(async () => {
  await initBackend();
});

describe('LayerNorm', () => {
  it('matches tfjs-layers LayerNormalization in value and in input and weight gradients', () => {
    const input = tfl.input({ shape: [6, 4] });
    const ours = tfl.model({ inputs: input, outputs: new LayerNorm().apply(input) as tfl.SymbolicTensor });
    const keras = tfl.model({
      inputs: input,
      outputs: tfl.layers.layerNormalization().apply(input) as tfl.SymbolicTensor,
    });
    const weights = [tf.tensor1d([1, 2, 0.5, -1]), tf.tensor1d([0, 0.1, -0.3, 0.2])];
    ours.setWeights(weights);
    keras.setWeights(weights);
    const x = tf.randomNormal([3, 6, 4], 2, 3, 'float32', 1);
    const w = tf.randomNormal([3, 6, 4], 0, 1, 'float32', 2);
    const run = (m: tfl.LayersModel) => {
      const vars = m.trainableWeights.map((v) => v.read() as tf.Variable);
      const loss = (v: tf.Tensor) => tf.sum(tf.mul(m.apply(v) as tf.Tensor, w)) as tf.Scalar;
      const { grads } = tf.variableGrads(() => loss(x), vars);
      return [m.predict(x) as tf.Tensor, tf.grad(loss)(x), ...vars.map((v) => grads[v.name]!)];
    };
    const [a, b] = [run(ours), run(keras)];
    a.forEach((t, i) => {
      const [p, q] = [t.dataSync(), b[i]!.dataSync()];
      for (let j = 0; j < p.length; j++) expect(p[j]).toBeCloseTo(q[j]!, 4);
    });
  });
});
