/**
 * Multi-layer perceptron: flatten -> Dense+ReLU blocks -> logits. The smallest zoo member and the only one with
 * no spatial prior, which is what makes it a useful contrast in similarity matrices.
 *
 * 28x28x1 with hidden [64, 64]: 784*64+64 + 64*64+64 + 64*10+10 = 55,050 parameters; representation 64
 * (the second hidden layer, post-ReLU).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type BuildOptions,
  LOGITS_LAYER,
  REPRESENTATION_LAYER,
  validateBuildOptions,
} from './architecture.js';
import { createInitializers } from './seeded-init.js';

export interface MlpOptions extends BuildOptions {
  /** Hidden layer widths; the last one is the representation size. Default [64, 64]. */
  hidden?: readonly number[];
}

export function buildMlp(options: MlpOptions): tfl.LayersModel {
  validateBuildOptions('mlp', 1, options);
  const hidden = options.hidden ?? [64, 64];
  const init = createInitializers(options.seed);
  const input = tfl.input({ shape: [...options.inputShape], name: 'input' });
  let h = tfl.layers.flatten({ name: 'flatten' }).apply(input) as tfl.SymbolicTensor; // [n, h*w*c]
  hidden.forEach((units, i) => {
    h = tfl.layers
      .dense({ units, kernelInitializer: init.he(), name: `fc${i + 1}` })
      .apply(h) as tfl.SymbolicTensor;
    // The last ReLU is its own layer so that the representation is a named, post-ReLU output (SPEC §2).
    const name = i === hidden.length - 1 ? REPRESENTATION_LAYER : `fc${i + 1}_relu`;
    h = tfl.layers.activation({ activation: 'relu', name }).apply(h) as tfl.SymbolicTensor;
  });
  const logits = tfl.layers
    .dense({ units: options.classes, kernelInitializer: init.glorot(), name: LOGITS_LAYER })
    .apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'mlp' });
}
