/**
 * MobileNet v1 style CNN (Howard et al. 2017) scaled down: a strided 3x3 stem, then depthwise separable blocks
 * (3x3 depthwise conv -> BN -> ReLU, 1x1 pointwise conv -> BN -> ReLU), global average pooling, logits.
 * The depthwise conv is depthwise-conv.ts (WASM has no depthwise backward kernels), batch norm batch-norm.ts.
 *
 * Deliberate difference from the paper: ReLU, not ReLU6. ReLU6 was chosen for low-precision inference, which we
 * do not do; its tfjs form (minimum(6, relu(x))) costs scalar-broadcast ops forward and backward, which are slow
 * on WASM; and a plain ReLU before the pooling lets STIR's fake-ReLU option apply to this model too.
 *
 * Default blocks 32/1, 64/2, 64/1, 128/2, 128/1 (filters/stride) on 28x28x1 (28 -> 14 -> 14 -> 7 -> 7 -> 4 -> 4):
 * 38,346 parameters, 1,216 of them batch-norm running statistics; representation 128 (pooled, post-ReLU).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import {
  BN_MOMENTUM,
  type BuildOptions,
  type ConvStage,
  LOGITS_LAYER,
  REPRESENTATION_LAYER,
  validateBuildOptions,
} from './architecture.js';
import { BatchNorm } from './batch-norm.js';
import { DepthwiseConv } from './depthwise-conv.js';
import { createInitializers } from './seeded-init.js';

/** A depthwise-separable block: pointwise filters, depthwise stride. */
export type SeparableBlock = ConvStage;

export interface MobilenetOptions extends BuildOptions {
  /** Pointwise filters and depthwise stride per block; the last filters are the representation size. */
  blocks?: readonly SeparableBlock[];
  /** Filters of the stem conv (stride 2). Default 16. */
  stemFilters?: number;
}

export function buildMobilenet(options: MobilenetOptions): tfl.LayersModel {
  validateBuildOptions('mobilenet', 1, options);
  const blocks = options.blocks ?? [
    { filters: 32, stride: 1 },
    { filters: 64, stride: 2 },
    { filters: 64, stride: 1 },
    { filters: 128, stride: 2 },
    { filters: 128, stride: 1 },
  ];
  const init = createInitializers(options.seed);
  const bnRelu = (x: tfl.SymbolicTensor, name: string): tfl.SymbolicTensor => {
    const h = new BatchNorm({ momentum: BN_MOMENTUM, name: `${name}_bn` }).apply(x) as tfl.SymbolicTensor;
    return tfl.layers.activation({ activation: 'relu', name: `${name}_relu` }).apply(h) as tfl.SymbolicTensor;
  };

  const input = tfl.input({ shape: [...options.inputShape], name: 'input' });
  let h = tfl.layers
    .conv2d({
      filters: options.stemFilters ?? 16,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      useBias: false,
      kernelInitializer: init.he(),
      name: 'stem',
    })
    .apply(input) as tfl.SymbolicTensor; // [n, 14, 14, 16]
  h = bnRelu(h, 'stem');
  blocks.forEach((block, b) => {
    const name = `block${b + 1}`;
    h = new DepthwiseConv({
      kernelSize: 3,
      strides: block.stride,
      depthwiseInitializer: init.he(),
      name: `${name}_dw`,
    }).apply(h) as tfl.SymbolicTensor; // spatial filtering, one 3x3 filter per channel
    h = bnRelu(h, `${name}_dw`);
    h = tfl.layers
      .conv2d({
        filters: block.filters,
        kernelSize: 1,
        useBias: false,
        kernelInitializer: init.he(),
        name: `${name}_pw`,
      })
      .apply(h) as tfl.SymbolicTensor; // channel mixing
    h = bnRelu(h, `${name}_pw`);
  });
  h = tfl.layers.globalAveragePooling2d({ name: REPRESENTATION_LAYER }).apply(h) as tfl.SymbolicTensor; // [n, 128]
  const logits = tfl.layers
    .dense({ units: options.classes, kernelInitializer: init.glorot(), name: LOGITS_LAYER })
    .apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'mobilenet' });
}
