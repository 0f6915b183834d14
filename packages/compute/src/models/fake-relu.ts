/**
 * "Fake ReLU" (robustness `FakeReLU`, used by STIR, Nanda et al. 2022): the forward value of a ReLU with an
 * identity gradient, so that inverting a representation can move units that are currently off.
 *
 * Applied where the representation's final ReLU sits: the pre-activation is recomputed up to that ReLU and the
 * layers between it and the representation (flatten, reshape, dropout, global pooling) are applied after it.
 * The final ReLU may be a ReLU / Activation('relu') layer or the fused activation of a Dense or Conv2D layer,
 * whose linear part is recomputed from the layer's current weights (the model itself is never modified).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../errors.js';

/** Layers that may sit between the final ReLU and the representation: each commutes with "which ReLU". */
const PASSTHROUGH = new Set(['Flatten', 'Reshape', 'Dropout', 'GlobalAveragePooling2D', 'AveragePooling2D']);

/** relu(x) forward, dy backward. */
export const fakeRelu = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, save] = inputs as [tf.Tensor, tf.GradSaveFunc];
  save([]);
  return { value: tf.relu(x), gradFunc: (dy: tf.Tensor) => dy };
}) as (x: tf.Tensor) => tf.Tensor;

/**
 * A function images -> representation (unflattened) with the final ReLU's gradient replaced by identity.
 * @throws InvalidArgumentError when no ReLU ends the representation.
 */
export function fakeReluRepresentation(
  model: tfl.LayersModel,
  repLayer: tfl.layers.Layer,
): (x: tf.Tensor) => tf.Tensor {
  const { layer, after } = finalReluLayer(repLayer);
  const linear = linearPart(layer);
  if (!linear) {
    throw new InvalidArgumentError(
      `fakeRelu needs a representation that ends in a ReLU, but layer '${repLayer.name}' comes from ` +
        `'${layer.name}' (${layer.getClassName()}, activation ${activationOf(layer) ?? 'none'}); ` +
        'choose another layer or turn fakeRelu off',
    );
  }
  const toInput = tfl.model({ inputs: model.inputs, outputs: layer.input as tfl.SymbolicTensor });
  return (x) =>
    tf.tidy(() => {
      const h = toInput.apply(x, { training: false }) as tf.Tensor;
      let r = fakeRelu(linear(h));
      for (const l of after) r = l.apply(r, { training: false }) as tf.Tensor;
      return r;
    });
}

/**
 * Whether the representation at `repLayer` ends in a ReLU, so that fakeRelu applies to it (STIR turns fake ReLU
 * on only for such models, as its published code does per architecture).
 */
export function endsInRelu(repLayer: tfl.layers.Layer): boolean {
  return linearPart(finalReluLayer(repLayer).layer) !== undefined;
}

/** The layer that should hold the final ReLU, and the passthrough layers between it and the representation. */
function finalReluLayer(repLayer: tfl.layers.Layer): { layer: tfl.layers.Layer; after: tfl.layers.Layer[] } {
  const after: tfl.layers.Layer[] = [];
  let layer = repLayer;
  while (PASSTHROUGH.has(layer.getClassName())) {
    after.unshift(layer);
    layer = sourceOf(layer.input as tfl.SymbolicTensor);
  }
  return { layer, after };
}

/** The layer's output before its ReLU, or undefined when the layer does not end in a ReLU. */
function linearPart(layer: tfl.layers.Layer): ((h: tf.Tensor) => tf.Tensor) | undefined {
  const className = layer.getClassName();
  const config = layer.getConfig();
  if (className === 'ReLU' && config.maxValue == null) return (h) => h;
  if (className === 'Activation' && config.activation === 'relu') return (h) => h;
  if (activationOf(layer) !== 'relu') return undefined;
  const [kernel, bias] = layer.getWeights(); // live values, read at call time
  if (className === 'Dense') {
    return (h) => {
      const y = tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D);
      return bias && config.useBias !== false ? tf.add(y, bias) : y;
    };
  }
  if (className === 'Conv2D' && config.dataFormat !== 'channelsFirst') {
    const { strides, padding, dilationRate } = config as {
      strides: [number, number];
      padding: 'same' | 'valid';
      dilationRate: [number, number];
    };
    return (h) => {
      const y = tf.conv2d(h as tf.Tensor4D, kernel as tf.Tensor4D, strides, padding, 'NHWC', dilationRate);
      return bias && config.useBias !== false ? tf.add(y, bias) : y;
    };
  }
  return undefined;
}

function activationOf(layer: tfl.layers.Layer): string | undefined {
  const activation = layer.getConfig().activation;
  return typeof activation === 'string' ? activation : undefined;
}

function sourceOf(t: tfl.SymbolicTensor): tfl.layers.Layer {
  return t.sourceLayer as tfl.layers.Layer;
}
