/** startInversion (and the inverted matrix's rows): one inverted dataset per model, dataset, pairs and parameters. */
import { randomUUID } from 'node:crypto';
import {
  InvalidArgumentError,
  type InversionSettings,
  REPRESENTATION_LAYER,
  resolveInversionSettings,
} from '@simlab/compute';
import type { Principal } from '../auth/roles.js';
import { codeVersion } from '../code-version.js';
import type { Queryable } from '../db/database.js';
import type { DatasetRow } from '../db/dataset.queries.js';
import {
  getInversionByKey,
  type InversionParams,
  type InversionRow,
  insertInversion,
} from '../db/inversion.queries.js';
import type { Loaders } from '../db/loaders.js';
import type { ModelRow } from '../db/model.queries.js';
import type { InversionParametersInput } from '../schema/inversion-parameters.input.js';
import type { StartInversionInput } from '../schema/start-inversion.input.js';
import type { Services } from '../services.js';
import { assertModelsHaveLayer } from './model-layers.js';
import { requestKey } from './request-key.js';
import { requireReady } from './require-ready.js';
import { assertModelFitsDataset } from './shapes.js';
import { type Submitted, submit } from './submit.js';

/** The representation layer of every zoo model (compute's REPRESENTATION_LAYER). */
export const DEFAULT_LAYER = REPRESENTATION_LAYER;

/**
 * The settings asked for over `base` (a study preset's), the rest compute's defaults (SPEC §4), checked by
 * compute's resolveInversionSettings.
 * @throws InvalidArgumentError for a value out of range.
 */
export function inversionParams(
  input: InversionParametersInput | null | undefined,
  base: Partial<InversionSettings> = {},
  layer = DEFAULT_LAYER,
): InversionParams {
  return { ...resolveInversionSettings({ ...base, ...definedFields(input ?? {}) }), layer };
}

/** The fields given a value (GraphQL passes omitted nullable fields as null or leaves them out). */
export function definedFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<T>;
}

export interface InversionSpec {
  model: ModelRow;
  dataset: DatasetRow;
  pairCount: number;
  pairSeed: number;
  params: InversionParams;
}

export function inversionKey(spec: InversionSpec): string {
  return requestKey({
    kind: 'inversion',
    weightsHash: spec.model.weightsHash,
    datasetHash: spec.dataset.contentHash,
    pairCount: spec.pairCount,
    pairSeed: spec.pairSeed,
    params: spec.params,
    codeVersion: codeVersion(),
  });
}

/** Inserts the PENDING inversion unless one exists under the same key; returns the stored row either way. */
export async function insertOrGetInversion(
  db: Queryable,
  spec: InversionSpec,
  jobId: string | null,
): Promise<InversionRow> {
  const key = inversionKey(spec);
  const inserted = await insertInversion(db, {
    id: randomUUID(),
    modelId: spec.model.id,
    datasetId: spec.dataset.id,
    params: spec.params,
    pairCount: spec.pairCount,
    pairSeed: spec.pairSeed,
    batchCount: Math.ceil(spec.pairCount / spec.params.batchSize),
    requestKey: key,
    jobId,
  });
  return inserted ?? (await getInversionByKey(db, key))!;
}

/** SPEC §4 pairs differ in label, and an image is a seed once and a target once: n <= N - (largest class). */
export function assertPairCount(dataset: DatasetRow, pairCount: number): void {
  const largest = Math.max(0, ...(dataset.classCounts ?? []));
  const max = (dataset.count ?? 0) - largest;
  if (pairCount > max) {
    throw new InvalidArgumentError(
      `pairCount ${pairCount} exceeds ${max}, the most dataset ${dataset.name} allows: ${dataset.count} images minus ` +
        `${largest} in its largest class (each pair needs two labels)`,
    );
  }
}

export async function startInversion(
  services: Services,
  loaders: Loaders,
  principal: Principal,
  input: StartInversionInput,
): Promise<Submitted<InversionRow>> {
  const model = await requireReady(loaders.model, 'model', input.modelId);
  const dataset = await requireReady(loaders.dataset, 'dataset', input.datasetId);
  assertModelFitsDataset(model, dataset);
  assertPairCount(dataset, input.pairCount);
  const spec: InversionSpec = {
    model,
    dataset,
    pairCount: input.pairCount,
    pairSeed: input.pairSeed,
    params: inversionParams(input.parameters),
  };
  await assertModelsHaveLayer(services.blobs, [model], spec.params.layer);
  const key = inversionKey(spec);
  return submit<InversionRow>({
    services,
    createdBy: principal.tokenId,
    kind: 'invert',
    subjectType: 'Inversion',
    existing: () => getInversionByKey(services.db, key),
    insert: async () => {
      const before = await getInversionByKey(services.db, key);
      return before ? undefined : insertOrGetInversion(services.db, spec, null);
    },
  });
}
