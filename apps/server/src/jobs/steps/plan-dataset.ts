/** A READY dataset row as compute's planStudy takes it: its description and its stored labels (pairs are drawn from them). */
import type { PlanDataset } from '@simlab/compute';
import type { BlobStore } from '../../db/blob-store.js';
import type { DatasetRow } from '../../db/dataset.queries.js';
import { readDatasetLabels } from '../../images/dataset-samples.js';

export async function planDataset(blobs: BlobStore, dataset: DatasetRow): Promise<PlanDataset> {
  return {
    name: dataset.name,
    source: dataset.source,
    hash: dataset.contentHash!,
    count: dataset.count!,
    imageShape: dataset.imageShape as [number, number, number],
    labels: await readDatasetLabels(blobs, dataset),
  };
}
