import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createReferenceCnn } from './reference-cnn.js';

beforeAll(async () => {
  await initBackend();
});

describe('createReferenceCnn', () => {
  it('has the documented layers, sizes and parameter count', () => {
    const model = createReferenceCnn();
    expect(model.layers.map((l) => l.name)).toEqual([
      'input',
      'conv1',
      'pool1',
      'conv2',
      'pool2',
      'flatten',
      'representation',
      'logits',
    ]);
    expect(model.getLayer('flatten').outputShape).toEqual([null, 1600]);
    expect(model.getLayer('representation').outputShape).toEqual([null, 128]);
    expect(model.countParams()).toBe(225_034);
    const logits = model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor;
    expect(logits.shape).toEqual([2, 10]);
    tf.dispose([logits]);
    model.dispose();
  });

  it('builds the same weights from the same seed and different ones from another', () => {
    const [a, b, c] = [
      createReferenceCnn([28, 28, 1], 10, 3),
      createReferenceCnn([28, 28, 1], 10, 3),
      createReferenceCnn([28, 28, 1], 10, 4),
    ];
    const first = (m: typeof a) => Array.from(m.getLayer('conv2').getWeights()[0]!.dataSync().slice(0, 5));
    expect(first(a)).toEqual(first(b));
    expect(first(a)).not.toEqual(first(c));
    for (const m of [a, b, c]) m.dispose();
  });

  it('takes other input shapes and class counts', () => {
    const model = createReferenceCnn([32, 32, 3], 5);
    expect(model.outputs[0]!.shape).toEqual([null, 5]);
    model.dispose();
  });
});
