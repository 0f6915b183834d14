/**
 * Stores the built-in MNIST (10,000 digits) as a READY dataset with its pixels, as registration would, without
 * a worker: the image routes' benchmark reads real pixels from the real blob layout.
 */
import { randomUUID } from 'node:crypto';
import { loadMnist, writeNpy } from '@simlab/compute';
import type { BlobStore } from '../db/blob-store.js';
import type { Database } from '../db/database.js';
import { completeDataset, insertDataset } from '../db/dataset.queries.js';
import { pixelsForStorage } from '../jobs/tasks/load-dataset.task.js';

export async function seedMnist(db: Database, blobs: BlobStore): Promise<string> {
  const mnist = loadMnist();
  const images = await blobs.put(writeNpy(pixelsForStorage(mnist), [mnist.count, ...mnist.imageShape]));
  const labels = await blobs.put(writeNpy(mnist.labels, [mnist.count]));
  const classCounts = mnist.classNames.map((_, c) => mnist.labels.filter((l) => l === c).length);
  const dataset = (await insertDataset(db, {
    id: randomUUID(),
    name: `bench-mnist-${randomUUID().slice(0, 8)}`,
    source: 'mnist',
    split: null,
    files: null,
    status: 'PENDING',
    jobId: null,
  }))!;
  await completeDataset(db, dataset.id, {
    contentHash: mnist.hash,
    count: mnist.count,
    imageShape: [...mnist.imageShape],
    classNames: mnist.classNames,
    classCounts,
    loader: mnist.source,
    imagesSha256: images.sha256,
    labelsSha256: labels.sha256,
  });
  return dataset.id;
}
