/**
 * Loads a dataset as compute reads it, reports what identifies it (hash, size, shape, classes) and writes its
 * pixels and labels as .npy files for the blob store, so the API can serve images by index later.
 */
import { writeFile } from 'node:fs/promises';
import { type Dataset, loadDataset, writeNpy } from '@simlab/compute';
import type { DatasetLocation } from './task-inputs.js';

export interface LoadDatasetInput extends DatasetLocation {
  /** Where to write the pixels .npy [count, h, w, c]. */
  imagesPath: string;
  /** Where to write the labels .npy (int32 [count]). */
  labelsPath: string;
}

export interface LoadedDatasetInfo {
  hash: string;
  count: number;
  imageShape: number[];
  classNames: string[];
  classCounts: number[];
  loader: string;
}

export async function loadDatasetTask(input: LoadDatasetInput): Promise<LoadedDatasetInfo> {
  const dataset = await loadDataset(input.source, { split: input.split });
  const classCounts = new Array<number>(dataset.classNames.length).fill(0);
  for (const label of dataset.labels) classCounts[label] = (classCounts[label] ?? 0) + 1;
  const shape = [dataset.count, ...dataset.imageShape];
  await writeFile(input.imagesPath, writeNpy(pixelsForStorage(dataset), shape));
  await writeFile(input.labelsPath, writeNpy(dataset.labels, [dataset.count]));
  return {
    hash: dataset.hash,
    count: dataset.count,
    imageShape: [...dataset.imageShape],
    classNames: dataset.classNames,
    classCounts,
    loader: dataset.source,
  };
}

/**
 * 8-bit pixels when that loses nothing (IDX, PNG and MNIST sources all hold k/255 exactly: a quarter of the
 * bytes), else the float32 values as loaded (uploaded .npy with arbitrary values).
 */
export function pixelsForStorage(dataset: Pick<Dataset, 'images'>): Uint8Array | Float32Array {
  const { images } = dataset;
  const bytes = new Uint8Array(images.length);
  for (let i = 0; i < images.length; i++) {
    const level = Math.round(images[i]! * 255);
    if (Math.fround(level / 255) !== images[i]) return images;
    bytes[i] = level;
  }
  return bytes;
}
