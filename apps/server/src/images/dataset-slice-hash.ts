/**
 * compute's datasetHash of a slice of a stored dataset (images from..to-1 and their labels), read from the pixels
 * blob by index: what compute's chooseStudyImages checks a model card's training prefix against, so the server
 * decides a study's images as `simlab study` does without loading the dataset.
 */
import { datasetHash } from '@simlab/compute';
import type { BlobStore } from '../db/blob-store.js';
import type { DatasetRow } from '../db/dataset.queries.js';
import { readDatasetImages, storedPixels } from './dataset-images.js';
import { readDatasetLabels } from './dataset-samples.js';

// Blobs never change, so a slice's hash is computed once (a zoo's prefix is asked for by every study of it).
const sliceHashes = new Map<string, Promise<string>>();
const SLICE_CACHE_SIZE = 32;

/** `(from, to) => hash` for chooseStudyImages; NotReadyError (when called) for a dataset without pixels. */
export function storedSliceHash(
  blobs: BlobStore,
  dataset: DatasetRow,
): (from: number, to: number) => Promise<string> {
  return (from, to) => {
    const { imagesSha256, labelsSha256, imageShape } = storedPixels(dataset);
    const key = `${imagesSha256}:${labelsSha256}:${from}:${to}`;
    let hash = sliceHashes.get(key);
    if (!hash) {
      hash = (async () => {
        const indices = Array.from({ length: to - from }, (_, i) => from + i);
        const { data } = await readDatasetImages(blobs, dataset, indices);
        const labels = (await readDatasetLabels(blobs, dataset)).subarray(from, to);
        return datasetHash({ imageShape, images: data, labels });
      })();
      hash.catch(() => sliceHashes.delete(key));
      sliceHashes.set(key, hash);
      if (sliceHashes.size > SLICE_CACHE_SIZE) sliceHashes.delete(sliceHashes.keys().next().value!);
    }
    return hash;
  };
}
