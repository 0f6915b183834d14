/**
 * A TF.js layers model as a ClassifierModel, so that code written for ClassifierModel (studies mixing zoo and
 * imported models) takes zoo checkpoints too.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../errors.js';
import type { ClassifierModel } from './classifier.js';
import { countParameters } from './registry.js';
import { createRepresentationModel } from './representation.js';

export interface LayersClassifierOptions {
  /** Hex SHA-256 of the weights (a checkpoint's card has it; loadModelDir computes it). */
  weightsHash: string;
  /** Default: the model's name. */
  name?: string;
}

export function createLayersClassifier(
  model: tfl.LayersModel,
  options: LayersClassifierOptions,
): ClassifierModel {
  const input = model.inputs[0]!.shape.slice(1) as [number, number, number];
  const output = model.outputs[0]!.shape;
  return {
    metadata: {
      format: 'tfjs-layers',
      name: options.name ?? model.name,
      inputShape: input,
      classes: output[output.length - 1] ?? 0,
      parameterCount: countParameters(model),
      weightsHash: options.weightsHash,
      representationLayer: defaultLayer(model),
    },
    logits: (x) => tf.tidy(() => model.apply(x, { training: false }) as tf.Tensor2D),
    representation: (layer, repOptions) => createRepresentationModel(model, layer, repOptions),
    layerNames: () => model.layers.map((l) => l.name),
    dispose: () => model.dispose(),
  };
}

/** The default representation layer, or undefined for a model without a final Dense layer. */
function defaultLayer(model: tfl.LayersModel): string | undefined {
  try {
    return createRepresentationModel(model).layerName;
  } catch (error) {
    if (error instanceof InvalidArgumentError) return undefined;
    throw error;
  }
}
