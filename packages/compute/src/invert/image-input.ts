/**
 * Seeds and targets arrive as a tf.Tensor4D or as NHWC floats with their shape; both become one checked
 * Float32Array, from which each batch is cut.
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertPixelRange } from '../data/validate.js';
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';

/** Images [n, h, w, c] (NHWC), pixel values in [0, 1]. */
export type ImageInput = tf.Tensor4D | { data: Float32Array; shape: [number, number, number, number] };

export interface CheckedImages {
  data: Float32Array;
  shape: [number, number, number, number];
}

/**
 * @throws ShapeMismatchError when the images are not [n, h, w, c] of the model's input size;
 *   NonFiniteError / DataFormatError for a pixel that is NaN, infinite or outside [0, 1].
 */
export function checkImages(input: ImageInput, modelInput: number[], what: string): CheckedImages {
  const shape = [...input.shape] as [number, number, number, number];
  const raw = input instanceof tf.Tensor ? input.dataSync() : input.data;
  const data = raw instanceof Float32Array ? raw : Float32Array.from(raw);
  const size = shape.reduce((p, d) => p * d, 1);
  if (shape.length !== 4 || data.length !== size) {
    throw new ShapeMismatchError(
      `${what}: shape [${shape.join(', ')}] with ${data.length} values is not [n, height, width, channels]`,
    );
  }
  if (shape.slice(1).some((d, i) => d !== modelInput[i])) {
    throw new ShapeMismatchError(
      `${what} are ${shape.slice(1).join('x')} but the model takes ${modelInput.join('x')} images; ` +
        'resize them or choose a model trained on this image size',
    );
  }
  if (shape[0] < 1) throw new InvalidArgumentError(`${what}: no images; give at least one pair`);
  assertPixelRange(data, what);
  return { data, shape };
}

/** Images i0..i1 of `images` as a new tensor [i1 - i0, h, w, c]. */
export function sliceImages(images: CheckedImages, i0: number, i1: number): tf.Tensor4D {
  const per = images.data.length / images.shape[0];
  return tf.tensor4d(images.data.slice(i0 * per, i1 * per), [i1 - i0, ...images.shape.slice(1)] as [
    number,
    number,
    number,
    number,
  ]);
}
