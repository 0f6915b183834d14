import type { Dataset } from '../schema/dataset.type.js';
import type { EntityStatus } from '../schema/enums.js';
import type { DatasetRow } from './dataset.queries.js';

export function toDataset(row: DatasetRow): Dataset {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    split: row.split,
    loader: row.loader,
    status: row.status as EntityStatus,
    contentHash: row.contentHash,
    count: row.count,
    imageShape: row.imageShape,
    classNames: row.classNames,
    classCounts: row.classCounts,
    imagesStored: row.imagesSha256 !== null,
    createdAt: row.createdAt,
    jobId: row.jobId,
  };
}
