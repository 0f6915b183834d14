/**
 * Start-up registration: compute's architecture registry into `architecture`, and the shipped model zoo
 * (compute's `readZoo`, SIMLAB_ZOO_DIR or packages/compute/zoo) as models imported by the ordinary import job,
 * so a fresh server serves the zoo without a manual step. Idempotent: a registered zoo model is skipped.
 * Also completes datasets registered by an older server (no stored pixels), so an upgraded server serves
 * their images without a manual step.
 */
import { randomUUID } from 'node:crypto';
import { architectures, DEFAULT_ZOO_DIR, readZoo } from '@simlab/compute';
import { upsertArchitecture } from '../db/architecture.queries.js';
import { getDatasets, getDatasetsWithoutPixels, lacksStoredPixels } from '../db/dataset.queries.js';
import { getModelByRequestKey, insertModel } from '../db/model.queries.js';
import { requestKey } from '../db/request-key.js';
import type { Logger } from '../logger.js';
import type { SubmitServices } from '../requests/submit.js';
import { submit } from '../requests/submit.js';

/** What start-up registration needs of the server's services. */
export type CatalogServices = SubmitServices & { logger: Logger };

export { DEFAULT_ZOO_DIR };

export async function registerArchitectures(services: Pick<CatalogServices, 'db'>): Promise<void> {
  for (const a of architectures) {
    await upsertArchitecture(services.db, {
      id: a.id,
      family: a.family,
      description: a.description,
      representationSize: a.representationSize,
    });
  }
}

/** Queues an import for every zoo checkpoint not registered yet; returns how many were queued. */
export async function registerZoo(services: CatalogServices, zooDir: string): Promise<number> {
  let specs: Awaited<ReturnType<typeof readZoo>>;
  try {
    specs = await readZoo(zooDir);
  } catch (error) {
    services.logger.warn('no model zoo registered', { dir: zooDir, reason: (error as Error).message });
    return 0;
  }
  let queued = 0;
  for (const spec of specs) {
    const key = requestKey({ kind: 'zoo', weightsHash: spec.weightsHash });
    const submitted = await submit({
      services,
      createdBy: null,
      kind: 'import-model',
      subjectType: 'Model',
      input: { checkpointPath: spec.dir, norm: null, eps: 0 },
      existing: () => getModelByRequestKey(services.db, key),
      insert: () =>
        insertModel(services.db, {
          id: randomUUID(),
          name: spec.id,
          architectureId: spec.architecture!,
          status: 'PENDING',
          origin: 'zoo',
          datasetId: null,
          norm: spec.eps! > 0 ? spec.norm! : null,
          eps: spec.eps!,
          requestKey: key,
          jobId: null,
        }),
    });
    if (!submitted.cached) queued++;
  }
  services.logger.info('model zoo', { dir: zooDir, models: specs.length, queued });
  return queued;
}

/** Queues a registration job for every READY dataset without stored pixels; returns how many were queued. */
export async function storeMissingPixels(services: CatalogServices): Promise<number> {
  let queued = 0;
  for (const dataset of await getDatasetsWithoutPixels(services.db)) {
    const submitted = await submit({
      services,
      createdBy: null,
      kind: 'register-dataset',
      subjectType: 'Dataset',
      existing: async () => (await getDatasets(services.db, [dataset.id]))[0],
      insert: async () => undefined,
      incomplete: lacksStoredPixels,
    });
    if (!submitted.cached) queued++;
  }
  if (queued > 0)
    services.logger.info('storing pixels of datasets registered by an older server', { queued });
  return queued;
}
