/**
 * The reference CNN used to measure inversion speed and in tests (issue 2): small enough for CPU/WASM,
 * with the layer kinds whose backward kernels matter (conv, max pool, dense).
 *
 *   conv3x3-32 relu -> maxpool2 -> conv3x3-64 relu -> maxpool2 -> flatten -> dense-128 relu -> dense-classes
 *   28x28x1: 320 + 18,496 + 204,928 + 1,290 = 225,034 parameters; representation 128 (post-ReLU).
 *
 * Layer names follow the zoo's contract (architecture.ts): the final Dense is `logits` and the layer feeding
 * it is `representation`.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { LOGITS_LAYER, REPRESENTATION_LAYER } from './architecture.js';
import { createInitializers } from './seeded-init.js';

/** @param seed seeds every initialiser: the same arguments build the same weights. */
export function createReferenceCnn(
  inputShape: number[] = [28, 28, 1],
  classes = 10,
  seed = 0,
): tfl.LayersModel {
  const init = createInitializers(seed);
  const conv = (filters: number, name: string) =>
    tfl.layers.conv2d({ filters, kernelSize: 3, activation: 'relu', kernelInitializer: init.he(), name });
  const pool = (name: string) => tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name });
  return tfl.sequential({
    name: 'reference_cnn',
    layers: [
      tfl.layers.inputLayer({ inputShape, name: 'input' }),
      conv(32, 'conv1'), // [n, 26, 26, 32]
      pool('pool1'), // [n, 13, 13, 32]
      conv(64, 'conv2'), // [n, 11, 11, 64]
      pool('pool2'), // [n, 5, 5, 64]
      tfl.layers.flatten({ name: 'flatten' }), // [n, 1600]
      tfl.layers.dense({
        units: 128,
        activation: 'relu',
        kernelInitializer: init.he(),
        name: REPRESENTATION_LAYER,
      }),
      tfl.layers.dense({ units: classes, kernelInitializer: init.glorot(), name: LOGITS_LAYER }),
    ],
  });
}
