/** Loads a dataset as compute reads it and reports what identifies it: hash, size, shape, classes. */
import { loadDataset } from '@simlab/compute';
import type { DatasetLocation } from './task-inputs.js';

export interface LoadedDatasetInfo {
  hash: string;
  count: number;
  imageShape: number[];
  classNames: string[];
  classCounts: number[];
  loader: string;
}

export async function loadDatasetTask(input: DatasetLocation): Promise<LoadedDatasetInfo> {
  const dataset = await loadDataset(input.source, { split: input.split });
  const classCounts = new Array<number>(dataset.classNames.length).fill(0);
  for (const label of dataset.labels) classCounts[label] = (classCounts[label] ?? 0) + 1;
  return {
    hash: dataset.hash,
    count: dataset.count,
    imageShape: [...dataset.imageShape],
    classNames: dataset.classNames,
    classCounts,
    loader: dataset.source,
  };
}
