/**
 * The last dataset a compute child loaded, kept for its next task: a study sends one child many tasks on the
 * same dataset (inversions, then each row's cells), and parsing MNIST again for each costs seconds.
 */
import { type Dataset, loadDataset } from '@simlab/compute';
import type { DatasetLocation } from './task-inputs.js';

let last: { key: string; dataset: Promise<Dataset> } | undefined;

export function loadCachedDataset(location: DatasetLocation): Promise<Dataset> {
  const key = JSON.stringify([location.source, location.split ?? null]);
  if (last?.key !== key) {
    const dataset = loadDataset(location.source, { split: location.split });
    // A failed load is not kept: the next task tries again.
    dataset.catch(() => {
      if (last?.dataset === dataset) last = undefined;
    });
    last = { key, dataset };
  }
  return last.dataset;
}
