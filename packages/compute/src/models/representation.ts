/**
 * A model's representation (SPEC §2): by default the input of its final Dense (fully connected) layer,
 * i.e. the output of the layer feeding it; any named layer instead. Flattened to [b, d], inference mode
 * (batch norm on running statistics, dropout off).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import { isClassifierModel, type ModelLike } from './classifier.js';
import { fakeReluRepresentation } from './fake-relu.js';

export interface RepresentationOptions {
  /** Replace the gradient of the representation's final ReLU by identity (STIR). Default false. */
  fakeRelu?: boolean;
}

export interface RepresentationModel {
  /** Layer whose output is the representation (for the default: the layer feeding the final Dense). */
  readonly layerName: string;
  /** [height, width, channels] the model takes. */
  readonly inputShape: number[];
  /** Length d of the flattened representation. */
  readonly dim: number;
  readonly fakeRelu: boolean;
  /** Representation [b, d] only: runs the model up to the representation layer. */
  represent(x: tf.Tensor): tf.Tensor2D;
  /** [representation [b, d], logits [b, classes]] (logits = the model's output). */
  apply(x: tf.Tensor): [tf.Tensor2D, tf.Tensor2D];
}

/**
 * @param model a TF.js layers model, or any ClassifierModel (an imported ONNX model), which builds its own.
 * @param layerName a layer of `model`; default: the input of the last Dense layer.
 * @throws NotFoundError for an unknown layer name (the message lists the layers), InvalidArgumentError for
 *   a model without a Dense layer (when no name is given) or a fakeRelu request without a final ReLU.
 */
export function createRepresentationModel(
  model: ModelLike,
  layerName?: string,
  options: RepresentationOptions = {},
): RepresentationModel {
  if (isClassifierModel(model)) return model.representation(layerName, options);
  const layer = layerName === undefined ? feederOfFinalDense(model) : findLayer(model, layerName);
  const output = layer.output;
  if (Array.isArray(output)) {
    throw new InvalidArgumentError(`layer '${layer.name}' has several outputs; pick a layer with one output`);
  }
  const dim = output.shape.slice(1).reduce<number>((p, d) => p * (d ?? Number.NaN), 1);
  if (!Number.isFinite(dim)) {
    throw new InvalidArgumentError(
      `layer '${layer.name}' has no fixed size (${JSON.stringify(output.shape)})`,
    );
  }
  const flatten = (t: tf.Tensor) => tf.reshape(t, [t.shape[0] ?? 1, dim]) as tf.Tensor2D;
  const logits = model.outputs[0]!;
  const plain = tfl.model({ inputs: model.inputs, outputs: output });
  const both = output === logits ? plain : tfl.model({ inputs: model.inputs, outputs: [output, logits] });
  const upTo = options.fakeRelu
    ? fakeReluRepresentation(model, layer)
    : (x: tf.Tensor) => plain.apply(x, { training: false }) as tf.Tensor;
  return {
    layerName: layer.name,
    inputShape: model.inputs[0]!.shape.slice(1) as number[],
    dim,
    fakeRelu: options.fakeRelu ?? false,
    represent: (x) => tf.tidy(() => flatten(upTo(x))),
    apply: (x) =>
      tf.tidy(() => {
        if (options.fakeRelu) return [flatten(upTo(x)), model.apply(x, { training: false }) as tf.Tensor2D];
        const out = both.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
        const [r, l] = Array.isArray(out) ? out : [out, out];
        return [flatten(r!), l as tf.Tensor2D];
      }),
  };
}

function feederOfFinalDense(model: tfl.LayersModel): tfl.layers.Layer {
  const dense = model.layers.filter((l) => l.getClassName() === 'Dense').at(-1);
  if (!dense) {
    throw new InvalidArgumentError(
      `model '${model.name}' has no Dense layer, so it has no default representation; name a layer (one of ${layerNames(model)})`,
    );
  }
  const input = dense.input;
  if (Array.isArray(input))
    throw new InvalidArgumentError(`final Dense layer '${dense.name}' has several inputs`);
  return input.sourceLayer as tfl.layers.Layer;
}

function findLayer(model: tfl.LayersModel, name: string): tfl.layers.Layer {
  const layer = model.layers.find((l) => l.name === name);
  if (!layer)
    throw new NotFoundError(
      `model '${model.name}' has no layer '${name}'; its layers are ${layerNames(model)}`,
    );
  return layer;
}

function layerNames(model: tfl.LayersModel): string {
  return model.layers.map((l) => l.name).join(', ');
}
