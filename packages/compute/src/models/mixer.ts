/**
 * MLP-Mixer (Tolstikhin et al. 2021) scaled down: non-overlapping patches embedded by a conv with
 * kernel = stride = patch size, then Mixer blocks, each a token-mixing MLP (across patches, per channel) and a
 * channel-mixing MLP (across channels, per patch), both pre-LayerNorm with a residual; then LayerNorm, global
 * average pooling over tokens, logits. GELU inside the MLPs, as in the paper.
 *
 * Default patch 4, hidden 64, token MLP 32, channel MLP 128, 2 blocks on 28x28x1 (49 tokens): 1,088 embedding
 * + 2 x 20,049 blocks + 128 final LayerNorm + 650 logits = 41,964 parameters; representation 64.
 * The token MLP's size depends on the number of patches, so other input sizes give other parameter counts.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type BuildOptions,
  LOGITS_LAYER,
  REPRESENTATION_LAYER,
  validateBuildOptions,
} from './architecture.js';
import { LayerNorm } from './layer-norm.js';
import { createInitializers, type SeededInitializers } from './seeded-init.js';

export interface MixerOptions extends BuildOptions {
  /** Patch side in pixels; the image is cut into floor(h/patch) x floor(w/patch) patches. Default 4. */
  patchSize?: number;
  /** Channels per token (C); also the representation size. Default 64. */
  hidden?: number;
  /** Hidden width of the token-mixing MLP (D_S). Default 32. */
  tokenMlp?: number;
  /** Hidden width of the channel-mixing MLP (D_C). Default 128. */
  channelMlp?: number;
  /** Number of Mixer blocks. Default 2. */
  blocks?: number;
}

export function buildMixer(options: MixerOptions): tfl.LayersModel {
  const patch = options.patchSize ?? 4;
  validateBuildOptions('mixer', patch, options);
  const hidden = options.hidden ?? 64;
  const init = createInitializers(options.seed);
  const [height, width] = options.inputShape;
  const tokens = Math.floor(height / patch) * Math.floor(width / patch);

  const input = tfl.input({ shape: [...options.inputShape], name: 'input' });
  let h = tfl.layers
    .conv2d({
      filters: hidden,
      kernelSize: patch,
      strides: patch,
      kernelInitializer: init.glorot(),
      name: 'stem',
    })
    .apply(input) as tfl.SymbolicTensor; // [n, 7, 7, C]
  h = tfl.layers.reshape({ targetShape: [tokens, hidden], name: 'tokens' }).apply(h) as tfl.SymbolicTensor; // [n, S, C]
  for (let b = 1; b <= (options.blocks ?? 2); b++) {
    const name = `block${b}`;
    h = residual(h, name, 'token', (x) => {
      let t = tfl.layers.permute({ dims: [2, 1], name: `${name}_token_t` }).apply(x) as tfl.SymbolicTensor; // [n, C, S]
      t = mlp(t, { hidden: options.tokenMlp ?? 32, out: tokens, name: `${name}_token`, init }); // [n, C, S]
      return tfl.layers.permute({ dims: [2, 1], name: `${name}_token_tt` }).apply(t) as tfl.SymbolicTensor; // [n, S, C]
    });
    h = residual(h, name, 'channel', (x) =>
      mlp(x, { hidden: options.channelMlp ?? 128, out: hidden, name: `${name}_channel`, init }),
    );
  }
  h = new LayerNorm({ name: 'final_norm' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.globalAveragePooling1d({ name: REPRESENTATION_LAYER }).apply(h) as tfl.SymbolicTensor; // [n, C]
  const logits = tfl.layers
    .dense({ units: options.classes, kernelInitializer: init.glorot(), name: LOGITS_LAYER })
    .apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'mixer' });
}

/** x + f(LayerNorm(x)); layers `<block>_<kind>_norm` and `<block>_<kind>_add`. */
function residual(
  x: tfl.SymbolicTensor,
  block: string,
  kind: 'token' | 'channel',
  f: (normed: tfl.SymbolicTensor) => tfl.SymbolicTensor,
): tfl.SymbolicTensor {
  const normed = new LayerNorm({ name: `${block}_${kind}_norm` }).apply(x) as tfl.SymbolicTensor;
  return tfl.layers.add({ name: `${block}_${kind}_add` }).apply([x, f(normed)]) as tfl.SymbolicTensor;
}

interface MlpSpec {
  hidden: number;
  out: number;
  name: string;
  init: SeededInitializers;
}

/** Dense(hidden, GELU) -> Dense(out), applied to the last axis; layers `<name>_fc1`, `<name>_fc2`. */
function mlp(x: tfl.SymbolicTensor, spec: MlpSpec): tfl.SymbolicTensor {
  const h = tfl.layers
    .dense({
      units: spec.hidden,
      activation: 'gelu',
      kernelInitializer: spec.init.glorot(),
      name: `${spec.name}_fc1`,
    })
    .apply(x) as tfl.SymbolicTensor;
  return tfl.layers
    .dense({ units: spec.out, kernelInitializer: spec.init.glorot(), name: `${spec.name}_fc2` })
    .apply(h) as tfl.SymbolicTensor;
}
