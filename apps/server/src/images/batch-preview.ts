/**
 * The PNG contact sheet of one finished inversion batch: a band of seed / target / inverted rows per 16 pairs,
 * so a browser or a script sees what the batch did without decoding .npy files.
 */
import { renderContactSheet } from '@simlab/compute';
import type { BlobStore } from '../db/blob-store.js';
import type { DatasetRow } from '../db/dataset.queries.js';
import type { PairRow } from '../db/inversion.queries.js';
import { readDatasetImages } from './dataset-images.js';

export interface BatchPreviewInput {
  dataset: DatasetRow;
  /** All pairs of the inversion, in order; the batch holds pairs [firstPair, firstPair + count). */
  pairs: readonly PairRow[];
  firstPair: number;
  inverted: Float32Array;
  shape: [number, number, number, number];
}

/**
 * The sheet as PNG bytes; null when the dataset has no stored pixels (registered by an older server) or the
 * pairs are not known.
 */
export async function renderBatchPreview(blobs: BlobStore, input: BatchPreviewInput): Promise<Buffer | null> {
  const [count, h, w, c] = input.shape;
  const pairs = input.pairs.slice(input.firstPair, input.firstPair + count);
  if (!input.dataset.imagesSha256 || pairs.length !== count) return null;
  const [seeds, targets] = await Promise.all([
    readDatasetImages(
      blobs,
      input.dataset,
      pairs.map((p) => p.seedIndex),
    ),
    readDatasetImages(
      blobs,
      input.dataset,
      pairs.map((p) => p.targetIndex),
    ),
  ]);
  return renderContactSheet({ rows: [seeds.data, targets.data, input.inverted], imageShape: [h, w, c] });
}
