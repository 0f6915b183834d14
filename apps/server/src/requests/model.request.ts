/** importModel and startTraining: validate, store the model PENDING, queue the job that fills it. */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { codeVersion, InvalidArgumentError, NotFoundError, ONNX_FILE } from '@simlab/compute';
import type { Principal } from '../auth/roles.js';
import { type ArchitectureRow, insertOrGetImportedArchitecture } from '../db/architecture.queries.js';
import type { Loaders } from '../db/loaders.js';
import { getModelByName, getModelByRequestKey, insertModel, type ModelRow } from '../db/model.queries.js';
import { requestKey } from '../db/request-key.js';
import { getUploads } from '../db/upload.queries.js';
import { ConflictError } from '../errors.js';
import type { ImportModelInput } from '../schema/import-model.input.js';
import type { StartTrainingInput } from '../schema/start-training.input.js';
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
  const source = await resolveModelSource(services, input);
  const architecture = await importArchitecture(services, loaders, input, source.format);
  const location = 'files' in source ? { files: source.files } : { checkpointPath: source.checkpointPath };
  const declared = { norm: input.norm ?? null, eps: input.eps ?? 0 };
  const key = requestKey({
    kind: 'import-model',
    architectureId: architecture.id,
    ...location,
    ...declared,
  });
  return submitModel(
    services,
    principal,
    input.name,
    key,
    'import-model',
    { ...location, ...declared },
    {
      architectureId: architecture.id,
      origin: 'imported',
      datasetId: null,
      norm: declared.norm,
      eps: declared.eps,
    },
  );
}

export async function startTraining(
  services: Services,
  loaders: Loaders,
  principal: Principal,
  input: StartTrainingInput,
): Promise<Submitted<ModelRow>> {
  const architecture = await requireArchitecture(loaders, input.architectureId);
  if (architecture.origin !== 'zoo') {
    throw new InvalidArgumentError(
      `${input.architectureId} is an imported architecture; SimLab trains only its zoo architectures ` +
        '(architectures with origin ZOO): import trained weights of your own network with importModel',
    );
  }
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

async function requireArchitecture(loaders: Loaders, id: string): Promise<ArchitectureRow> {
  const row = await loaders.architecture.load(id);
  if (!row) {
    throw new NotFoundError(
      `unknown architecture ${JSON.stringify(id)}; the architectures query lists them (to import a network of ` +
        'your own, name its architecture with architecture: { name: "..." } instead of architectureId)',
    );
  }
  return row;
}

/**
 * The architecture an import names: an existing one by id, or the user's own by name (created on first use).
 * @throws InvalidArgumentError for neither or both, an ONNX model under a zoo id, or a user name that is a zoo
 *   id; NotFoundError for an unknown id; ConflictError when a named architecture exists with another family or
 *   description.
 */
async function importArchitecture(
  services: Services,
  loaders: Loaders,
  input: ImportModelInput,
  format: ModelSource['format'],
): Promise<ArchitectureRow> {
  const named = input.architecture ?? undefined;
  const id = input.architectureId ?? undefined;
  if ((named === undefined) === (id === undefined)) {
    throw new InvalidArgumentError(
      'give exactly one of architectureId (an existing architecture: a zoo family such as "lenet", or one named ' +
        'by an earlier import) and architecture: { name } (your own network, e.g. an ONNX model)',
    );
  }
  if (id !== undefined) {
    const row = await requireArchitecture(loaders, id);
    if (row.origin === 'zoo' && format === 'onnx') {
      throw new InvalidArgumentError(
        `an ONNX model cannot be imported as the zoo architecture ${id} (zoo architectures are SimLab's own TF.js ` +
          'networks); name your own architecture with architecture: { name: "..." }',
      );
    }
    return row;
  }
  const existing = await loaders.architecture.load(named!.name);
  if (existing?.origin === 'zoo') {
    throw new InvalidArgumentError(
      `${named!.name} is a zoo architecture; name yours differently (e.g. "my-${named!.name}"), or give ` +
        `architectureId: "${named!.name}" for a TF.js checkpoint of the zoo's ${named!.name}`,
    );
  }
  const wanted = {
    id: named!.name,
    family: named!.family ?? named!.name,
    description: named!.description ?? `imported ${format === 'onnx' ? 'ONNX' : 'TF.js'} architecture`,
  };
  const row = existing ?? (await insertOrGetImportedArchitecture(services.db, wanted));
  const differs = (['family', 'description'] as const).find(
    (f) => named![f] !== undefined && named![f] !== null && named![f] !== row[f],
  );
  if (differs) {
    throw new ConflictError(
      `architecture ${row.id} exists with ${differs} ${JSON.stringify(row[differs])}, not ` +
        `${JSON.stringify(named![differs])}; leave ${differs} out to join it, or choose another name`,
    );
  }
  return row;
}

/** Where the model's files are and what format they hold. */
type ModelSource = ({ files: Record<string, string> } | { checkpointPath: string }) & {
  format: 'tfjs-layers' | 'onnx';
};

/** Framework files that are not ONNX: named so the message can say what to do with them. */
const OTHER_FORMATS = /\.(pt|pth|ckpt|safetensors|h5|keras|pb|tflite)$/i;

async function resolveModelSource(services: Services, input: ImportModelInput): Promise<ModelSource> {
  const hasPath = input.checkpointPath !== undefined && input.checkpointPath !== null;
  const hasUploads = input.uploadIds !== undefined && input.uploadIds !== null;
  if (hasPath === hasUploads) {
    throw new InvalidArgumentError(
      'give exactly one of checkpointPath and uploadIds (one .onnx file, or model.json and its weight files)',
    );
  }
  if (hasPath) return resolveModelPath(services, input.checkpointPath!);
  const uploads = await getUploads(services.db, input.uploadIds!);
  const missing = input.uploadIds!.filter((id) => !uploads.some((u) => u.id === id));
  if (missing.length > 0)
    throw new NotFoundError(
      `no upload with id ${missing.map((m) => JSON.stringify(m)).join(', ')}; POST the files to /uploads first`,
    );
  const names = uploads.map((u) => u.filename);
  const onnx = uploads.filter((u) => u.filename.toLowerCase().endsWith('.onnx'));
  if (onnx.length > 0) {
    if (uploads.length > 1) {
      throw new InvalidArgumentError(
        `uploads are named ${names.join(', ')}; an ONNX model is one file: give only its upload (external-data ` +
          'files are not supported: export models under 2 GB as a single .onnx)',
      );
    }
    // Stored under the name compute's loadClassifier looks for in a model directory.
    return { files: { [ONNX_FILE]: onnx[0]!.sha256 }, format: 'onnx' };
  }
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated)
    throw new InvalidArgumentError(
      `two uploads are named ${repeated}; each file of a model needs its own name`,
    );
  if (!names.includes('model.json')) {
    const other = names.find((n) => OTHER_FORMATS.test(n));
    throw new InvalidArgumentError(
      `uploads are named ${names.join(', ')}; give one .onnx file (upload it with ?filename=model.onnx) or a ` +
        `TF.js model (model.json and its weight files)${
          other ? `. ${other} is not a format SimLab reads: export the model to ONNX (docs/onnx.md)` : ''
        }`,
    );
  }
  if (uploads.length < 2) {
    throw new InvalidArgumentError(
      'only model.json was uploaded; upload its weight files too (the paths in its weightsManifest)',
    );
  }
  return { files: Object.fromEntries(uploads.map((u) => [u.filename, u.sha256])), format: 'tfjs-layers' };
}

/** A .onnx file, a directory holding model.json (TF.js) or one holding model.onnx. */
async function resolveModelPath(services: Services, path: string): Promise<ModelSource> {
  const file = path.toLowerCase().endsWith('.onnx');
  const real = await resolveImportPath(importRoots(services.config), path, {
    field: 'checkpointPath',
    directory: !file,
  });
  if (file) {
    if (!(await stat(real)).isFile())
      throw new NotFoundError(
        `${path} is not a file; checkpointPath names a .onnx file or a model directory`,
      );
    return { checkpointPath: real, format: 'onnx' };
  }
  const has = async (name: string) => (await stat(join(real, name)).catch(() => undefined))?.isFile();
  if (await has('model.json')) return { checkpointPath: real, format: 'tfjs-layers' };
  if (await has(ONNX_FILE)) return { checkpointPath: real, format: 'onnx' };
  throw new NotFoundError(
    `${path} holds neither model.json (a TF.js model) nor ${ONNX_FILE}; checkpointPath names a model directory ` +
      'or a .onnx file',
  );
}
