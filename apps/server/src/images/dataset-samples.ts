/** Which images make a dataset's sample grid, and the labels they are chosen by. */
import { readNpy } from '@simlab/compute';
import type { BlobStore } from '../db/blob-store.js';
import type { DatasetRow } from '../db/dataset.queries.js';
import { storedPixels } from './dataset-images.js';

// Blobs never change, so labels read once serve every later request; a few datasets' worth (240 KB each for
// 60,000 images) is all a server needs.
const labelCache = new Map<string, Promise<Int32Array>>();
const LABEL_CACHE_SIZE = 8;

/** The labels of a READY dataset with stored pixels (int32 [count]). */
export function readDatasetLabels(blobs: BlobStore, dataset: DatasetRow): Promise<Int32Array> {
  const { labelsSha256 } = storedPixels(dataset);
  let labels = labelCache.get(labelsSha256);
  if (!labels) {
    labels = blobs
      .read(labelsSha256)
      .then((bytes) => readNpy(bytes, 'stored dataset labels').data as Int32Array);
    labels.catch(() => labelCache.delete(labelsSha256));
    labelCache.set(labelsSha256, labels);
    if (labelCache.size > LABEL_CACHE_SIZE) labelCache.delete(labelCache.keys().next().value!);
  }
  return labels;
}

/** Most images in one sample grid: a dataset of many classes gets fewer per class. */
export const MAX_SAMPLE_IMAGES = 1024;

/**
 * The first `perClass` images of each class in dataset order, grouped by class (class 0 first): the same
 * grid on every request, and the dataset's own first examples rather than a random draw.
 */
export function sampleIndices(labels: Int32Array, classCount: number, perClass: number): number[] {
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  let full = 0;
  for (let i = 0; i < labels.length && full < classCount; i++) {
    const bucket = byClass[labels[i]!]!;
    if (bucket.length < perClass) {
      bucket.push(i);
      if (bucket.length === perClass) full++;
    }
  }
  return byClass.flat();
}
