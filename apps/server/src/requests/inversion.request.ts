/** startInversion (and the inverted matrix's rows): one inverted dataset per model, dataset, pairs and parameters. */
import {
  InvalidArgumentError,
  type InversionSettings,
  REPRESENTATION_LAYER,
  resolveInversionSettings,
} from '@simlab/compute';
import type { Principal } from '../auth/roles.js';
import type { DatasetRow } from '../db/dataset.queries.js';
import { insertOrGetInversion } from '../db/insert-or-get.js';
import { getInversionByKey, type InversionParams, type InversionRow } from '../db/inversion.queries.js';
import { type InversionSpec, inversionKey } from '../db/keys.js';
import type { Loaders } from '../db/loaders.js';
import type { InversionParametersInput } from '../schema/inversion-parameters.input.js';
import type { StartInversionInput } from '../schema/start-inversion.input.js';
import type { Services } from '../services.js';
import { assertModelsHaveLayer } from './model-layers.js';
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
