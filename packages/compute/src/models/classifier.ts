/**
 * A classifier with a representation: what inversion, PGD robust accuracy and CKA need of a model, whatever it
 * was made with. TF.js layers models (layers-classifier.ts) and imported ONNX models (onnx/onnx-model.ts)
 * implement it; functions that took a `tfl.LayersModel` accept either (`ModelLike`).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RepresentationModel, RepresentationOptions } from './representation.js';

/** The model's own description, recorded with every result computed from it (SPEC §7). */
export interface ClassifierMetadata {
  format: 'tfjs-layers' | 'onnx';
  name: string;
  /** [height, width, channels] of the NHWC images in [0, 1] it takes. */
  inputShape: [number, number, number];
  classes: number;
  /** Scalars in all weights (batch-norm running statistics included). */
  parameterCount: number;
  /** Hex SHA-256 identifying the weights (what exactly is hashed depends on the format; see its loader). */
  weightsHash: string;
  /** The default representation layer (SPEC §2); undefined when the model has none (then name a layer). */
  representationLayer?: string;
  /** Format-specific facts (ONNX: opset, producer, input layout, logits value). */
  details?: Record<string, unknown>;
}

export interface ClassifierModel {
  readonly metadata: ClassifierMetadata;
  /** Logits [b, classes] of NHWC images [b, h, w, c] in [0, 1], inference mode (SPEC §2). */
  logits(x: tf.Tensor): tf.Tensor2D;
  /**
   * The representation at `layer` (default: the input of the final fully connected layer, SPEC §2).
   * @throws NotFoundError for an unknown layer, InvalidArgumentError when there is no default or fakeRelu
   *   cannot apply.
   */
  representation(layer?: string, options?: RepresentationOptions): RepresentationModel;
  /** Names accepted as `layer`. */
  layerNames(): string[];
  /** Frees the model's tensors. */
  dispose(): void;
}

/** What compute functions accept as a model. */
export type ModelLike = tfl.LayersModel | ClassifierModel;

export function isClassifierModel(model: unknown): model is ClassifierModel {
  const m = model as Partial<ClassifierModel> | null;
  return (
    typeof m?.logits === 'function' && typeof m.representation === 'function' && m.metadata !== undefined
  );
}

/** Logits of either kind of model, inference mode. */
export function logitsOf(model: ModelLike, x: tf.Tensor): tf.Tensor {
  return isClassifierModel(model) ? model.logits(x) : (model.apply(x, { training: false }) as tf.Tensor);
}
