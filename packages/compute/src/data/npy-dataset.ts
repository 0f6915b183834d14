/**
 * Datasets from two .npy files: images (N, H, W) or (N, H, W, C), and labels (N).
 * Images are uint8 (scaled by 1/255) or float32/float64 already in [0, 1]; labels are integer class indices.
 */
import path from 'node:path';
import { DataFormatError, NotFoundError } from '../errors.js';
import { createDataset, type Dataset } from './dataset.js';
import { type NpyArray, readNpyFile } from './npy.js';
import { assertLabelCount, assertPixelRange } from './validate.js';

export interface NpyDatasetOptions {
  /** Path to the images .npy. */
  images: string;
  /** Path to the labels .npy. */
  labels: string;
  /** Default: the images file name without `.npy` ('images' becomes the parent directory's name). */
  name?: string;
  /** Default: '0'..String(max label). */
  classNames?: string[];
}

/**
 * Loads an NPY image/label pair as a Dataset.
 * @throws DataFormatError for an unsupported dtype or rank, float pixels outside [0, 1] or labels out of
 * range; ShapeMismatchError when the label count differs from the image count; NotFoundError for a
 * missing file.
 */
export async function loadNpyDataset(options: NpyDatasetOptions): Promise<Dataset> {
  const [imageArray, labelArray] = await Promise.all([
    readExisting(options.images, 'images'),
    readExisting(options.labels, 'labels'),
  ]);
  const { images, imageShape } = toImages(imageArray, options.images);
  const labels = toLabels(labelArray, options.labels);
  const count = imageArray.shape[0]!;
  assertLabelCount(count, labels.length, `${options.images} with ${options.labels}`);
  const numClasses = labels.reduce((m, l) => Math.max(m, l), 0) + 1;
  return createDataset({
    name: options.name ?? defaultName(options.images),
    source: options.images,
    images,
    labels,
    imageShape,
    classNames: options.classNames ?? Array.from({ length: numClasses }, (_, i) => `${i}`),
  });
}

function toImages(
  array: NpyArray,
  where: string,
): { images: Float32Array; imageShape: [number, number, number] } {
  const { shape, data, dtype } = array;
  if (shape.length !== 3 && shape.length !== 4) {
    throw new DataFormatError(
      `${where}: images have shape (${shape.join(', ')}); expected (N, H, W) or (N, H, W, C) in channels-last order`,
    );
  }
  const imageShape: [number, number, number] = [shape[1]!, shape[2]!, shape[3] ?? 1];
  if (dtype === 'u1') return { images: Float32Array.from(data, (v) => v / 255), imageShape };
  if (dtype === 'f4' || dtype === 'f8') {
    assertPixelRange(data, where);
    return { images: data instanceof Float32Array ? data : Float32Array.from(data), imageShape };
  }
  throw new DataFormatError(
    `${where}: images of dtype ${dtype} are not supported; save uint8 (0..255) or float32 in [0, 1] ` +
      `(e.g. np.save(path, arr.astype(np.uint8)))`,
  );
}

function toLabels(array: NpyArray, where: string): Int32Array {
  const { shape, data, dtype } = array;
  if (shape.length !== 1) {
    throw new DataFormatError(
      `${where}: labels have shape (${shape.join(', ')}); expected one class index per image (N,)`,
    );
  }
  if (dtype !== 'u1' && dtype !== 'i4' && dtype !== 'i8') {
    throw new DataFormatError(
      `${where}: labels of dtype ${dtype} are not class indices; save them as integers (labels.astype(np.int64))`,
    );
  }
  return data instanceof Int32Array ? data : Int32Array.from(data);
}

async function readExisting(file: string, role: string): Promise<NpyArray> {
  try {
    return await readNpyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new NotFoundError(`${role} file ${file} does not exist; pass the path of an .npy file`);
  }
}

function defaultName(imagesPath: string): string {
  const base = path.basename(imagesPath, '.npy');
  return base === 'images' ? path.basename(path.dirname(path.resolve(imagesPath))) : base;
}
