/**
 * What every architecture in the zoo shares: the build options, the two stable layer names that the rest of
 * SimLab relies on, and the checks on the options.
 *
 * Contract (SPEC §2): every model maps images [n, h, w, c] with pixels in [0, 1] to logits [n, classes] through
 * a final Dense layer named `logits` (no softmax). That layer's input is the **representation**; it is the
 * output of a layer named `representation`, so it can be read by name or as `model.getLayer('logits').input`.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageShape } from '../data/validate.js';
import { InvalidArgumentError } from '../errors.js';

/** Name of the final fully connected layer; its output is the logits. */
export const LOGITS_LAYER = 'logits';
/** Name of the layer whose output feeds `logits`: the default representation (SPEC §2). */
export const REPRESENTATION_LAYER = 'representation';

/**
 * Batch-norm running-average momentum: 0.9, PyTorch's default (its `momentum=0.1` weights the new batch by 0.1).
 * Keras' 0.99 lags by ~100 steps, too slow for runs of a few hundred steps, so inference-mode attacks and
 * evaluation would see stale statistics.
 */
export const BN_MOMENTUM = 0.9;

/** One stage of a convolutional family: its output filters, and the stride that may halve the resolution. */
export interface ConvStage {
  filters: number;
  /** 2 halves the resolution. */
  stride: 1 | 2;
}

export interface BuildOptions {
  /** [height, width, channels] of one image (NHWC without the batch axis). */
  inputShape: ImageShape;
  /** Number of classes, >= 2. */
  classes: number;
  /** Seed of every weight initialiser: the same options build the same weights. Non-negative integer. */
  seed: number;
}

export type ArchitectureFamily = 'mlp' | 'lenet' | 'vgg' | 'resnet' | 'mobilenet' | 'mixer';

export interface Architecture {
  /** Stable id used in model cards, the API and the dashboard. */
  readonly id: string;
  readonly family: ArchitectureFamily;
  readonly description: string;
  /** Length of the representation vector; independent of the input size for every zoo member. */
  readonly representationSize: number;
  /** Smallest height and width the architecture accepts (its downsampling must leave at least 1 pixel). */
  readonly minInputSize: number;
  build(inputShape: ImageShape, classes: number, seed: number): tfl.LayersModel;
}

/** @throws InvalidArgumentError when the shape, class count or seed is not usable by `architectureId`. */
export function validateBuildOptions(
  architectureId: string,
  minInputSize: number,
  options: BuildOptions,
): void {
  const { inputShape, classes, seed } = options;
  const [h, w, c] = inputShape;
  if (inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new InvalidArgumentError(
      `${architectureId}: inputShape ${JSON.stringify(inputShape)} is not [height, width, channels] of positive integers`,
    );
  }
  if ((h ?? 0) < minInputSize || (w ?? 0) < minInputSize || (c ?? 0) < 1) {
    throw new InvalidArgumentError(
      `${architectureId}: input ${h}x${w}x${c} is too small; height and width must be at least ${minInputSize}`,
    );
  }
  if (!Number.isInteger(classes) || classes < 2) {
    throw new InvalidArgumentError(`${architectureId}: classes ${classes} must be an integer >= 2`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidArgumentError(`${architectureId}: seed ${seed} must be a non-negative integer, e.g. 0`);
  }
}
