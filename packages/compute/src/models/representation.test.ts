import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import { endsInRelu } from './fake-relu.js';
import { createReferenceCnn } from './reference-cnn.js';
import { createRepresentationModel } from './representation.js';

beforeAll(async () => {
  await initBackend();
});

/** Dense -> (dropout) -> Dense(relu) -> Dense logits, small enough to check by hand. */
function tinyMlp(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [2, 2, 1], name: 'flat' }),
      tfl.layers.dense({
        units: 3,
        activation: 'relu',
        name: 'hidden',
        kernelInitializer: 'ones',
        biasInitializer: tfl.initializers.constant({ value: -2 }),
      }),
      tfl.layers.dropout({ rate: 0.9, name: 'drop' }),
      tfl.layers.dense({ units: 2, name: 'logits' }),
    ],
  });
}

describe('createRepresentationModel', () => {
  it('defaults to the input of the final Dense layer, flattened, with the logits beside it', () => {
    const model = createReferenceCnn();
    const rep = createRepresentationModel(model);
    expect(rep.layerName).toBe('representation');
    expect(rep.dim).toBe(128);
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 1);
    const [r, logits] = rep.apply(x);
    expect(r.shape).toEqual([3, 128]);
    const expected = model.predict(x) as tf.Tensor;
    expect(Array.from(logits.dataSync())).toEqual(Array.from(expected.dataSync()));
    expect(Array.from(rep.represent(x).dataSync())).toEqual(Array.from(r.dataSync()));
    model.dispose();
  });

  it('reads any named layer, flattening it to [b, d]', () => {
    const model = createReferenceCnn();
    const rep = createRepresentationModel(model, 'pool2');
    expect(rep.dim).toBe(5 * 5 * 64);
    expect(rep.represent(tf.zeros([2, 28, 28, 1])).shape).toEqual([2, 1600]);
    model.dispose();
  });

  it('refuses an unknown layer with NotFoundError listing the layers', () => {
    const model = createReferenceCnn();
    expect(() => createRepresentationModel(model, 'fc7')).toThrow(NotFoundError);
    expect(() => createRepresentationModel(model, 'fc7')).toThrow(
      /no layer 'fc7'; its layers are input, conv1, pool1, .*logits/,
    );
    model.dispose();
  });

  it('runs in inference mode: dropout is off, so repeated calls agree', () => {
    const model = tinyMlp();
    const rep = createRepresentationModel(model);
    expect(rep.layerName).toBe('drop');
    const x = tf.tensor4d([1, 0.5, 0.25, 1], [1, 2, 2, 1]);
    // hidden = relu(2.75 - 2) for each of the 3 units
    expect(Array.from(rep.represent(x).dataSync())).toEqual([0.75, 0.75, 0.75]);
    expect(Array.from(rep.represent(x).dataSync())).toEqual([0.75, 0.75, 0.75]);
    model.dispose();
  });

  it('fakeRelu keeps the values but passes gradient through units that are off', () => {
    const model = tinyMlp();
    const x = tf.tensor4d([0.1, 0.1, 0.1, 0.1], [1, 2, 2, 1]); // pre-activation 0.4 - 2 < 0: every unit off
    const gradOf = (fakeRelu: boolean) => {
      const rep = createRepresentationModel(model, undefined, { fakeRelu });
      const value = Array.from(rep.represent(x).dataSync());
      const g = tf.grad((v: tf.Tensor) => tf.sum(rep.represent(v)))(x);
      return { value, g: Array.from(g.dataSync()) };
    };
    const real = gradOf(false);
    const fake = gradOf(true);
    expect(fake.value).toEqual(real.value);
    expect(real.g).toEqual([0, 0, 0, 0]);
    expect(fake.g).toEqual([3, 3, 3, 3]); // d/dx sum_j (sum_i x_i - 2) with identity through the ReLU
    model.dispose();
  });

  it('fakeRelu on the reference CNN matches the plain representation in value', () => {
    const model = createReferenceCnn();
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 2);
    const plain = createRepresentationModel(model).represent(x).dataSync();
    const fake = createRepresentationModel(model, undefined, { fakeRelu: true }).represent(x).dataSync();
    Array.from(fake).forEach((v, i) => {
      expect(v).toBeCloseTo(plain[i]!, 5);
    });
    model.dispose();
  });

  it('refuses fakeRelu when the representation does not end in a ReLU', () => {
    const model = createReferenceCnn();
    expect(() => createRepresentationModel(model, 'logits', { fakeRelu: true })).toThrow(
      InvalidArgumentError,
    );
    model.dispose();
  });

  it('endsInRelu says whether fakeRelu applies, looking through pooling to the ReLU before it', () => {
    const model = createReferenceCnn();
    expect(endsInRelu(model.getLayer(createRepresentationModel(model).layerName))).toBe(true);
    expect(endsInRelu(model.getLayer('logits'))).toBe(false);
    const pooled = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3, activation: 'relu' }),
        tfl.layers.globalAveragePooling2d({ name: 'pool' }),
        tfl.layers.dense({ units: 2 }),
      ],
    });
    expect(endsInRelu(pooled.getLayer('pool'))).toBe(true);
    model.dispose();
    pooled.dispose();
  });
});
