/**
 * READY datasets for benchmarks, stored without a worker: the built-in MNIST with its pixels, as registration
 * would store it (the image routes read real pixels from the real blob layout), or a synthetic row.
 */
import { randomUUID } from 'node:crypto';
import { loadMnist, writeNpy } from '@simlab/compute';
import { pixelsForStorage } from '../compute/tasks/load-dataset.task.js';
import type { BlobStore } from '../db/blob-store.js';
import type { Database } from '../db/database.js';
import { completeDataset, insertDataset } from '../db/dataset.queries.js';

export async function seedMnist(db: Database, blobs: BlobStore): Promise<string> {
  const mnist = loadMnist();
  const images = await blobs.put(writeNpy(pixelsForStorage(mnist), [mnist.count, ...mnist.imageShape]));
  const labels = await blobs.put(writeNpy(mnist.labels, [mnist.count]));
  const classCounts = mnist.classNames.map((_, c) => mnist.labels.filter((l) => l === c).length);
  return insertReadyDataset(db, 'bench-mnist', 'mnist', {
    contentHash: mnist.hash,
    count: mnist.count,
    imageShape: [...mnist.imageShape],
    classNames: mnist.classNames,
    classCounts,
    loader: mnist.source,
    imagesSha256: images.sha256,
    labelsSha256: labels.sha256,
  });
}

/** Inserts a dataset under a fresh `<prefix>-<tag>` name and completes it with `loaded`; returns its id. */
export async function insertReadyDataset(
  db: Database,
  prefix: string,
  source: string,
  loaded: Parameters<typeof completeDataset>[2],
): Promise<string> {
  const dataset = (await insertDataset(db, {
    id: randomUUID(),
    name: `${prefix}-${randomUUID().slice(0, 8)}`,
    source,
    split: null,
    files: null,
    status: 'PENDING',
    jobId: null,
  }))!;
  await completeDataset(db, dataset.id, loaded);
  return dataset.id;
}
