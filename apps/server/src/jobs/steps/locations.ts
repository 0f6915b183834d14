/** Where a compute child finds a model or a dataset: paths it can read, materialised from the blob store. */

import type { DatasetLocation } from '../../compute/tasks/task-inputs.js';
import type { BlobStore } from '../../db/blob-store.js';
import type { DatasetRow } from '../../db/dataset.queries.js';
import type { ModelRow } from '../../db/model.queries.js';
import { NotReadyError } from '../../errors.js';

export async function checkpointDir(blobs: BlobStore, model: ModelRow): Promise<string> {
  if (!model.files)
    throw new NotReadyError(`model ${model.name} has no stored checkpoint yet (status ${model.status})`);
  return blobs.materialize(model.files);
}

export async function datasetLocation(blobs: BlobStore, dataset: DatasetRow): Promise<DatasetLocation> {
  if (dataset.files) return { source: await blobs.materialize(dataset.files) };
  return { source: dataset.source, split: (dataset.split as 'train' | 'test' | null) ?? undefined };
}
