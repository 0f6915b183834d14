/**
 * ResNet (He et al. 2016) scaled down for small images: a strided 3x3 stem, one basic residual block per stage
 * (conv-BN-ReLU-conv-BN plus shortcut, then ReLU), global average pooling, logits. The shortcut is the identity
 * when the block keeps the shape and a 1x1 strided conv + BN ("projection", option B of the paper) when it
 * changes channels or resolution. Convolutions before BN carry no bias, as in torchvision.
 *
 * Default stages 16 (stride 1), 32 (stride 2), 64 (stride 2) on 28x28x1 (28 -> 14 -> 14 -> 7 -> 4):
 * 78,426 parameters, 704 of them batch-norm running statistics; representation 64 (pooled, post-ReLU).
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
import { createInitializers, type SeededInitializers } from './seeded-init.js';

/** A residual block; the stride is that of its first conv. */
export type ResnetStage = ConvStage;

export interface ResnetOptions extends BuildOptions {
  /** Default [{16, 1}, {32, 2}, {64, 2}]; the last stage's filters are the representation size. */
  stages?: readonly ResnetStage[];
  /** Filters of the stem conv (stride 2). Default 16. */
  stemFilters?: number;
}

export function buildResnet(options: ResnetOptions): tfl.LayersModel {
  validateBuildOptions('resnet', 1, options);
  const stages = options.stages ?? [
    { filters: 16, stride: 1 },
    { filters: 32, stride: 2 },
    { filters: 64, stride: 2 },
  ];
  const init = createInitializers(options.seed);
  const input = tfl.input({ shape: [...options.inputShape], name: 'input' });
  const stemFilters = options.stemFilters ?? 16;
  let h = convBn(input, { filters: stemFilters, kernelSize: 3, stride: 2, name: 'stem', init }); // [n, 14, 14, 16]
  h = relu(h, 'stem_relu');
  let channels = stemFilters;
  stages.forEach((stage, s) => {
    h = basicBlock(h, { ...stage, inChannels: channels, name: `stage${s + 1}_block1`, init });
    channels = stage.filters;
  });
  h = tfl.layers.globalAveragePooling2d({ name: REPRESENTATION_LAYER }).apply(h) as tfl.SymbolicTensor; // [n, 64]
  const logits = tfl.layers
    .dense({ units: options.classes, kernelInitializer: init.glorot(), name: LOGITS_LAYER })
    .apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'resnet' });
}

interface BlockSpec extends ResnetStage {
  inChannels: number;
  name: string;
  init: SeededInitializers;
}

function basicBlock(x: tfl.SymbolicTensor, spec: BlockSpec): tfl.SymbolicTensor {
  const { filters, stride, name, init } = spec;
  let h = convBn(x, { filters, kernelSize: 3, stride, name: `${name}_conv1`, init });
  h = relu(h, `${name}_relu1`);
  h = convBn(h, { filters, kernelSize: 3, stride: 1, name: `${name}_conv2`, init });
  const shortcut =
    stride === 1 && spec.inChannels === filters
      ? x
      : convBn(x, { filters, kernelSize: 1, stride, name: `${name}_shortcut`, init });
  const sum = tfl.layers.add({ name: `${name}_add` }).apply([h, shortcut]) as tfl.SymbolicTensor;
  return relu(sum, `${name}_out`);
}

interface ConvSpec {
  filters: number;
  kernelSize: number;
  stride: number;
  name: string;
  init: SeededInitializers;
}

/** conv (no bias: BN's beta replaces it) -> BN; layers `<name>` and `<name>_bn`. */
function convBn(x: tfl.SymbolicTensor, spec: ConvSpec): tfl.SymbolicTensor {
  const h = tfl.layers
    .conv2d({
      filters: spec.filters,
      kernelSize: spec.kernelSize,
      strides: spec.stride,
      padding: 'same',
      useBias: false,
      kernelInitializer: spec.init.he(),
      name: spec.name,
    })
    .apply(x) as tfl.SymbolicTensor;
  return new BatchNorm({ momentum: BN_MOMENTUM, name: `${spec.name}_bn` }).apply(h) as tfl.SymbolicTensor;
}

function relu(x: tfl.SymbolicTensor, name: string): tfl.SymbolicTensor {
  return tfl.layers.activation({ activation: 'relu', name }).apply(x) as tfl.SymbolicTensor;
}
