/**
 * VGG-style CNN (Simonyan & Zisserman 2015) scaled down: stacks of 3x3 convolutions with ReLU, each stack
 * followed by 2x2 max pooling, then a fully connected layer, then the logits. No batch norm, as in VGG.
 *
 * Default stacks [[8, 8], [16, 16], [32, 32]] on 28x28x1 (28 -> 14 -> 7 -> 3): 18,040 conv + 18,496 fc + 650
 * logits = 37,186 parameters; representation 64 (the fc layer, post-ReLU, like VGG's fc7).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type BuildOptions,
  LOGITS_LAYER,
  REPRESENTATION_LAYER,
  validateBuildOptions,
} from './architecture.js';
import { createInitializers } from './seeded-init.js';

export interface VggOptions extends BuildOptions {
  /** Filters of each conv in each stack. Default [[8, 8], [16, 16], [32, 32]]. */
  stacks?: readonly (readonly number[])[];
  /** Width of the fully connected layer before the logits (the representation). Default 64. */
  fcUnits?: number;
}

export function buildVgg(options: VggOptions): tfl.LayersModel {
  const stacks = options.stacks ?? [
    [8, 8],
    [16, 16],
    [32, 32],
  ];
  validateBuildOptions('vgg', 2 ** stacks.length, options);
  const init = createInitializers(options.seed);
  const input = tfl.input({ shape: [...options.inputShape], name: 'input' });
  let h = input;
  stacks.forEach((stack, s) => {
    stack.forEach((filters, c) => {
      h = tfl.layers
        .conv2d({
          filters,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: init.he(),
          name: `block${s + 1}_conv${c + 1}`,
        })
        .apply(h) as tfl.SymbolicTensor;
    });
    // Halves height and width (floor): 28 -> 14 -> 7 -> 3.
    h = tfl.layers
      .maxPooling2d({ poolSize: 2, strides: 2, name: `block${s + 1}_pool` })
      .apply(h) as tfl.SymbolicTensor;
  });
  h = tfl.layers.flatten({ name: 'flatten' }).apply(h) as tfl.SymbolicTensor; // [n, 3*3*32]
  h = tfl.layers
    .dense({ units: options.fcUnits ?? 64, kernelInitializer: init.he(), name: 'fc1' })
    .apply(h) as tfl.SymbolicTensor;
  h = tfl.layers
    .activation({ activation: 'relu', name: REPRESENTATION_LAYER })
    .apply(h) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .dense({ units: options.classes, kernelInitializer: init.glorot(), name: LOGITS_LAYER })
    .apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'vgg' });
}
