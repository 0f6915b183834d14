/**
 * Checks shared by every dataset reader. Each throws a typed error whose message quotes the offending
 * values, names where they came from (`where`: a file or dataset name) and says how to fix the input.
 */
import { DataFormatError, NonFiniteError, ShapeMismatchError } from '../errors.js';

/** [height, width, channels] of one image. */
export type ImageShape = [number, number, number];

export function formatShape(shape: readonly number[]): string {
  return shape.join('x');
}

/**
 * Every image of a dataset must have one size: refuses `other` when it differs from `first`.
 * @throws ShapeMismatchError naming both sources and sizes.
 */
export function assertSameImageShape(
  first: { where: string; shape: readonly number[] },
  other: { where: string; shape: readonly number[] },
): void {
  const same = first.shape.length === other.shape.length && first.shape.every((d, i) => d === other.shape[i]);
  if (!same) {
    throw new ShapeMismatchError(
      `images differ in size: ${first.where} is ${formatShape(first.shape)} but ${other.where} is ` +
        `${formatShape(other.shape)} (height x width${first.shape.length > 2 ? ' x channels' : ''}); ` +
        'resize every image to one size before loading',
    );
  }
}

/** @throws ShapeMismatchError when there is not exactly one label per image. */
export function assertLabelCount(imageCount: number, labelCount: number, where: string): void {
  if (imageCount !== labelCount) {
    throw new ShapeMismatchError(
      `${where}: ${imageCount} images but ${labelCount} labels; every image needs exactly one label ` +
        '(check that the images and labels files belong to the same split)',
    );
  }
}

/** @throws DataFormatError at the first label that is not an integer in [0, numClasses). */
export function assertLabelsInRange(labels: ArrayLike<number>, numClasses: number, where: string): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new DataFormatError(
        `${where}: label ${label} at index ${i} is outside 0..${numClasses - 1} (${numClasses} classes); ` +
          'labels must be class indices starting at 0, or pass one class name per label value',
      );
    }
  }
}

/**
 * Pixel values must be finite and in [0, 1] (SPEC §4: seeds and targets live in [0, 1]).
 * @throws NonFiniteError for NaN/Infinity, DataFormatError for a value outside [0, 1].
 */
export function assertPixelRange(images: ArrayLike<number>, where: string): void {
  for (let i = 0; i < images.length; i++) {
    const v = images[i]!;
    if (v >= 0 && v <= 1) continue;
    if (!Number.isFinite(v)) {
      throw new NonFiniteError(`${where}: pixel value ${v} at flat index ${i}; images must be finite`);
    }
    throw new DataFormatError(
      `${where}: pixel value ${v} at flat index ${i} is outside [0, 1]; scale the images to [0, 1] ` +
        '(e.g. divide 8-bit values by 255) or store them as uint8',
    );
  }
}

/** @throws DataFormatError unless the shape is three positive integers. */
export function assertImageShape(shape: readonly number[], where: string): asserts shape is ImageShape {
  if (shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new DataFormatError(
      `${where}: image shape [${shape.join(', ')}] is not [height, width, channels] with positive sizes`,
    );
  }
}
