/**
 * Start-up registration: compute's architecture registry into `architecture`, and the shipped model zoo (one
 * checkpoint directory per model under SIMLAB_ZOO_DIR, default packages/compute/zoo) as models imported by the
 * ordinary import job, so a fresh server serves the zoo without any manual step. Idempotent.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { architectures } from '@simlab/compute';
import { upsertArchitecture } from '../db/architecture.queries.js';
import { getModelByRequestKey, insertModel } from '../db/model.queries.js';
import { requestKey } from '../requests/request-key.js';
import { submit } from '../requests/submit.js';
import type { Services } from '../services.js';

/** apps/server/{src,dist}/startup -> packages/compute/zoo */
export const DEFAULT_ZOO_DIR = fileURLToPath(new URL('../../../../packages/compute/zoo', import.meta.url));

export async function registerArchitectures(services: Pick<Services, 'db'>): Promise<void> {
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
export async function registerZoo(services: Services, zooDir: string): Promise<number> {
  const entries = await readdir(zooDir, { withFileTypes: true }).catch(() => []);
  let queued = 0;
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(zooDir, entry.name);
    if (!(await stat(join(dir, 'model-card.json')).catch(() => undefined))) continue;
    const card = JSON.parse(await readFile(join(dir, 'model-card.json'), 'utf8')) as {
      architectureId: string;
      weightsHash: string;
      training: { norm: 'l2' | 'linf'; eps: number };
    };
    const key = requestKey({ kind: 'zoo', weightsHash: card.weightsHash });
    if (await getModelByRequestKey(services.db, key)) continue;
    const submitted = await submit({
      services,
      createdBy: null,
      kind: 'import-model',
      subjectType: 'Model',
      input: { checkpointPath: dir, norm: null, eps: 0 },
      existing: () => getModelByRequestKey(services.db, key),
      insert: () =>
        insertModel(services.db, {
          id: crypto.randomUUID(),
          name: entry.name,
          architectureId: card.architectureId,
          status: 'PENDING',
          origin: 'zoo',
          datasetId: null,
          norm: card.training.eps > 0 ? card.training.norm : null,
          eps: card.training.eps,
          requestKey: key,
          jobId: null,
        }),
    });
    if (!submitted.cached) queued++;
  }
  services.logger.info('model zoo', { dir: zooDir, queued });
  return queued;
}
