/**
 * Start-up registration: compute's architecture registry into `architecture`, and the model zoos (compute's
 * `readZoo`; SIMLAB_ZOO_DIRS, default the shipped MNIST zoo v2, packages/compute/zoo/mnist: the models its
 * index.json lists, so a zoo still training registers what is finished) as models imported by the import job,
 * so a fresh server serves the zoo without a manual step. Idempotent: a registered zoo model is skipped.
 * Also completes datasets registered by an older server (no stored pixels), so an upgraded server serves
 * their images without a manual step.
 */
import { randomUUID } from 'node:crypto';
import { architectures, DEFAULT_ZOO_DIR, datasetFamily, readZoo, type StudyModelSpec } from '@simlab/compute';
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
          name: zooModelName(spec),
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

/**
 * A zoo model's name (unique on the server): its id for an MNIST model (the default zoo, the names docs and
 * studies quote), `<dataset>-<id>` for another dataset's, whose zoo reuses the ids (fashion-mnist-mlp-l2-eps0-r1).
 */
export function zooModelName(spec: StudyModelSpec): string {
  const trained = spec.card ? datasetFamily(spec.card.training.dataset.name) : 'mnist';
  return trained === 'mnist' ? spec.id : `${trained}-${spec.id}`;
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
