/** registerDataset: validate the source (or uploads), store the dataset PENDING, queue its loading. */
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, NotFoundError } from '@simlab/compute';
import type { Principal } from '../auth/roles.js';
import {
  type DatasetRow,
  getDatasetByName,
  insertDataset,
  lacksStoredPixels,
} from '../db/dataset.queries.js';
import { getUploads } from '../db/upload.queries.js';
import { ConflictError } from '../errors.js';
import type { RegisterDatasetInput } from '../schema/register-dataset.input.js';
import type { Services } from '../services.js';
import { importRoots, resolveImportPath } from './import-roots.js';
import { type Submitted, submit } from './submit.js';

const BUILT_IN = ['mnist', 'fashion-mnist'];
const UPLOAD_FILES = ['images.npy', 'labels.npy'];

export async function registerDataset(
  services: Services,
  principal: Principal,
  input: RegisterDatasetInput,
): Promise<Submitted<DatasetRow>> {
  const { source, files } = await resolveSource(services, input);
  const existing = await getDatasetByName(services.db, input.name);
  if (existing && (existing.source !== source || (existing.split ?? null) !== (input.split ?? null))) {
    throw new ConflictError(
      `a dataset named ${JSON.stringify(input.name)} already exists with source ${existing.source}; choose another name`,
    );
  }
  return submit<DatasetRow>({
    services,
    createdBy: principal.tokenId,
    kind: 'register-dataset',
    subjectType: 'Dataset',
    existing: () => getDatasetByName(services.db, input.name),
    // Registered before pixels were stored (migration 002): registering again stores them.
    incomplete: lacksStoredPixels,
    insert: () =>
      insertDataset(services.db, {
        id: randomUUID(),
        name: input.name,
        source,
        split: input.split ?? null,
        files,
        status: 'PENDING',
        jobId: null,
      }),
  });
}

async function resolveSource(
  services: Services,
  input: RegisterDatasetInput,
): Promise<{ source: string; files: Record<string, string> | null }> {
  const hasSource = input.source !== undefined && input.source !== null;
  const hasUploads = input.uploadIds !== undefined && input.uploadIds !== null;
  if (hasSource === hasUploads) {
    throw new InvalidArgumentError(
      'give exactly one of source (a name or server path) and uploadIds (images.npy + labels.npy)',
    );
  }
  if (hasSource) {
    const source = input.source!;
    if (BUILT_IN.includes(source)) return { source, files: null };
    // The resolved path is stored, so the job reads what was checked even if a link is re-pointed later.
    const real = await resolveImportPath(importRoots(services.config), source, {
      field: "source (or one of 'mnist', 'fashion-mnist')",
    });
    return { source: real, files: null };
  }
  const uploads = await getUploads(services.db, input.uploadIds!);
  const missing = input.uploadIds!.filter((id) => !uploads.some((u) => u.id === id));
  if (missing.length > 0)
    throw new NotFoundError(
      `no upload with id ${missing.map((m) => JSON.stringify(m)).join(', ')}; POST the files to /uploads first`,
    );
  const names = uploads.map((u) => u.filename).sort();
  if (JSON.stringify(names) !== JSON.stringify(UPLOAD_FILES)) {
    throw new InvalidArgumentError(
      `uploads are named ${names.join(', ')}; upload one file named images.npy and one named labels.npy`,
    );
  }
  const files = Object.fromEntries(uploads.map((u) => [u.filename, u.sha256]));
  return { source: `upload:${input.uploadIds!.join(',')}`, files };
}
