/**
 * Small models for the inversion tests: a conv net trained briefly on MNIST, and hand-built ones whose
 * representation is known.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { imagesTensor, labelsTensor } from '../data/dataset.js';
import { loadMnist } from '../data/mnist.js';
import { createInitializers } from '../models/seeded-init.js';

/** conv3x3-8 -> pool -> conv3x3-16 -> pool -> dense-32 relu (representation) -> logits. */
export function createSmallCnn(seed: number): tfl.LayersModel {
  const init = createInitializers(seed);
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 8,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init.he(),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: init.he() }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({
        units: 32,
        activation: 'relu',
        kernelInitializer: init.he(),
        name: 'representation',
      }),
      tfl.layers.dense({ units: 10, kernelInitializer: init.glorot(), name: 'logits' }),
    ],
  });
}

/** Trains createSmallCnn on the first `count` MNIST digits; returns the model and its training accuracy. */
export function trainSmallCnn(
  steps: number,
  count = 2048,
  batch = 32,
): { model: tfl.LayersModel; accuracy: number } {
  const model = createSmallCnn(1);
  const mnist = loadMnist();
  const indices = Int32Array.from({ length: count }, (_, i) => i);
  const x = imagesTensor(mnist, indices);
  const y = tf.tidy(() => tf.oneHot(labelsTensor(mnist, indices), 10));
  const optimizer = tf.train.adam(0.003);
  for (let s = 0; s < steps; s++) {
    const start = (s * batch) % count;
    tf.tidy(() => {
      const xb = tf.slice(x, start, batch);
      const yb = tf.slice(y, start, batch);
      optimizer.minimize(() =>
        tf.losses.softmaxCrossEntropy(yb, model.apply(xb, { training: true }) as tf.Tensor),
      );
    });
  }
  const accuracy = tf.tidy(() => {
    const predicted = tf.argMax(model.predict(x) as tf.Tensor, 1);
    return tf.mean(tf.cast(tf.equal(predicted, tf.argMax(y, 1)), 'float32')).dataSync()[0]!;
  });
  tf.dispose([x, y]);
  optimizer.dispose();
  return { model, accuracy };
}

/**
 * 2x2 images -> hidden = relu(sum of pixels - 2) on 3 units (the representation) -> 2 logits. Images with
 * pixel sum < 2 have an all-zero representation and a zero gradient.
 */
export function createThresholdModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [2, 2, 1] }),
      tfl.layers.dense({
        units: 3,
        activation: 'relu',
        kernelInitializer: 'ones',
        biasInitializer: tfl.initializers.constant({ value: -2 }),
        name: 'representation',
      }),
      tfl.layers.dense({ units: 2, name: 'logits' }),
    ],
  });
}

/** Random tiny conv net (8x8x1 images) for the comparison with a direct implementation of SPEC §4. */
export function createTinyCnn(seed: number): tfl.LayersModel {
  const init = createInitializers(seed);
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [8, 8, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init.he(),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({
        units: 8,
        activation: 'relu',
        kernelInitializer: init.he(),
        name: 'representation',
      }),
      tfl.layers.dense({ units: 3, kernelInitializer: init.glorot(), name: 'logits' }),
    ],
  });
}
