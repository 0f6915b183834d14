/** importModel and trainModel: validate, store the model PENDING, queue the job that fills it. */
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, NotFoundError } from '@simlab/compute';
import type { Principal } from '../auth/roles.js';
import { codeVersion } from '../code-version.js';
import type { Loaders } from '../db/loaders.js';
import { getModelByName, getModelByRequestKey, insertModel, type ModelRow } from '../db/model.queries.js';
import { requestKey } from '../db/request-key.js';
import { getUploads } from '../db/upload.queries.js';
import { ConflictError } from '../errors.js';
import type { ImportModelInput } from '../schema/import-model.input.js';
import type { TrainModelInput } from '../schema/train-model.input.js';
import type { Services } from '../services.js';
import { importRoots, resolveImportPath } from './import-roots.js';
import { requireReady } from './require-ready.js';
import { type Submitted, submit } from './submit.js';

export async function importModel(
  services: Services,
  loaders: Loaders,
  principal: Principal,
  input: ImportModelInput,
): Promise<Submitted<ModelRow>> {
  await requireArchitecture(loaders, input.architectureId);
  const source = await resolveCheckpoint(services, input);
  const declared = { norm: input.norm ?? null, eps: input.eps ?? 0 };
  const key = requestKey({
    kind: 'import-model',
    architectureId: input.architectureId,
    ...source,
    ...declared,
  });
  return submitModel(
    services,
    principal,
    input.name,
    key,
    'import-model',
    { ...source, ...declared },
    {
      architectureId: input.architectureId,
      origin: 'imported',
      datasetId: null,
      norm: declared.norm,
      eps: declared.eps,
    },
  );
}

export async function trainModel(
  services: Services,
  loaders: Loaders,
  principal: Principal,
  input: TrainModelInput,
): Promise<Submitted<ModelRow>> {
  await requireArchitecture(loaders, input.architectureId);
  const train = await requireReady(loaders.dataset, 'dataset', input.datasetId);
  const evaluation = input.evaluationDatasetId
    ? await requireReady(loaders.dataset, 'dataset', input.evaluationDatasetId)
    : train;
  if (input.trainCount && input.trainCount > (train.count ?? 0)) {
    throw new InvalidArgumentError(
      `trainCount ${input.trainCount} exceeds the ${train.count} images of dataset ${train.name}`,
    );
  }
  const evaluationCount = input.evaluationCount ?? Math.min(500, evaluation.count ?? 0);
  if (evaluationCount > (evaluation.count ?? 0)) {
    throw new InvalidArgumentError(
      `evaluationCount ${evaluationCount} exceeds the ${evaluation.count} images of dataset ${evaluation.name}`,
    );
  }
  const params = {
    architectureId: input.architectureId,
    trainCount: input.trainCount ?? null,
    epochs: input.epochs,
    batchSize: input.batchSize,
    learningRate: input.learningRate,
    seed: input.seed,
    norm: input.norm,
    eps: input.eps,
    attackSteps: input.attackSteps,
    evaluationCount,
  };
  const key = requestKey({
    kind: 'train',
    ...params,
    datasetHash: train.contentHash,
    evaluationDatasetHash: evaluation.contentHash,
    codeVersion: codeVersion(),
  });
  return submitModel(
    services,
    principal,
    input.name,
    key,
    'train',
    { ...params, evaluationDatasetId: evaluation.id },
    {
      architectureId: input.architectureId,
      origin: 'trained',
      datasetId: train.id,
      norm: input.eps > 0 ? input.norm : null,
      eps: input.eps,
    },
  );
}

async function submitModel(
  services: Services,
  principal: Principal,
  name: string,
  key: string,
  kind: string,
  input: Record<string, unknown>,
  fields: Pick<ModelRow, 'architectureId' | 'origin' | 'datasetId' | 'norm' | 'eps'>,
): Promise<Submitted<ModelRow>> {
  const named = await getModelByName(services.db, name);
  if (named && named.requestKey !== key) {
    throw new ConflictError(
      `a model named ${JSON.stringify(name)} already exists (id ${named.id}); choose another name`,
    );
  }
  return submit<ModelRow>({
    services,
    createdBy: principal.tokenId,
    kind,
    subjectType: 'Model',
    input,
    existing: () => getModelByRequestKey(services.db, key),
    insert: async () => {
      const row = await insertModel(services.db, {
        id: randomUUID(),
        name,
        ...fields,
        status: 'PENDING',
        requestKey: key,
        jobId: null,
      });
      if (!row && (await getModelByName(services.db, name))?.requestKey !== key) {
        throw new ConflictError(
          `a model named ${JSON.stringify(name)} was just created by another request; choose another name`,
        );
      }
      return row;
    },
  });
}

async function requireArchitecture(loaders: Loaders, id: string): Promise<void> {
  if (!(await loaders.architecture.load(id))) {
    throw new NotFoundError(`unknown architecture ${JSON.stringify(id)}; the architectures query lists them`);
  }
}

async function resolveCheckpoint(
  services: Services,
  input: ImportModelInput,
): Promise<{ files: Record<string, string> } | { checkpointPath: string }> {
  const hasPath = input.checkpointPath !== undefined && input.checkpointPath !== null;
  const hasUploads = input.uploadIds !== undefined && input.uploadIds !== null;
  if (hasPath === hasUploads) {
    throw new InvalidArgumentError(
      'give exactly one of checkpointPath and uploadIds (model.json and its weight files)',
    );
  }
  if (hasPath) {
    const path = await resolveImportPath(importRoots(services.config), input.checkpointPath!, {
      field: 'checkpointPath',
      directory: true,
    });
    return { checkpointPath: path };
  }
  const uploads = await getUploads(services.db, input.uploadIds!);
  const missing = input.uploadIds!.filter((id) => !uploads.some((u) => u.id === id));
  if (missing.length > 0)
    throw new NotFoundError(
      `no upload with id ${missing.map((m) => JSON.stringify(m)).join(', ')}; POST the files to /uploads first`,
    );
  const names = uploads.map((u) => u.filename);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated)
    throw new InvalidArgumentError(
      `two uploads are named ${repeated}; each file of a model needs its own name`,
    );
  if (!names.includes('model.json')) {
    throw new InvalidArgumentError(`uploads are named ${names.join(', ')}; one must be model.json`);
  }
  return { files: Object.fromEntries(uploads.map((u) => [u.filename, u.sha256])) };
}
