/**
 * LeNet-5 style CNN (LeCun et al. 1998), modernised as is usual: ReLU and max pooling instead of tanh and
 * subsampling. conv5x5(6, same) -> pool -> conv5x5(16, valid) -> pool -> Dense 120 -> Dense 84 -> logits.
 *
 * 28x28x1: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 parameters; representation 84 (post-ReLU).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type BuildOptions,
  LOGITS_LAYER,
  REPRESENTATION_LAYER,
  validateBuildOptions,
} from './architecture.js';
import { createInitializers } from './seeded-init.js';

/** conv1 keeps the size, pool halves it, the valid 5x5 conv removes 4, pool halves again: >= 1 pixel needs 12. */
export const LENET_MIN_INPUT = 12;

export function buildLenet(options: BuildOptions): tfl.LayersModel {
  validateBuildOptions('lenet', LENET_MIN_INPUT, options);
  const init = createInitializers(options.seed);
  const input = tfl.input({ shape: [...options.inputShape], name: 'input' });
  const conv = (filters: number, padding: 'same' | 'valid', name: string) =>
    tfl.layers.conv2d({
      filters,
      kernelSize: 5,
      padding,
      activation: 'relu',
      kernelInitializer: init.he(),
      name,
    });
  const pool = (name: string) => tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name });

  let h = conv(6, 'same', 'conv1').apply(input) as tfl.SymbolicTensor; // [n, 28, 28, 6]
  h = pool('pool1').apply(h) as tfl.SymbolicTensor; // [n, 14, 14, 6]
  h = conv(16, 'valid', 'conv2').apply(h) as tfl.SymbolicTensor; // [n, 10, 10, 16]
  h = pool('pool2').apply(h) as tfl.SymbolicTensor; // [n, 5, 5, 16]
  h = tfl.layers.flatten({ name: 'flatten' }).apply(h) as tfl.SymbolicTensor; // [n, 400]
  h = tfl.layers
    .dense({ units: 120, activation: 'relu', kernelInitializer: init.he(), name: 'fc1' })
    .apply(h) as tfl.SymbolicTensor;
  h = tfl.layers
    .dense({ units: 84, kernelInitializer: init.he(), name: 'fc2' })
    .apply(h) as tfl.SymbolicTensor;
  h = tfl.layers
    .activation({ activation: 'relu', name: REPRESENTATION_LAYER })
    .apply(h) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .dense({ units: options.classes, kernelInitializer: init.glorot(), name: LOGITS_LAYER })
    .apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'lenet' });
}
