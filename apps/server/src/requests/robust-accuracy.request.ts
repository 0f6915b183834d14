/** evaluateRobustness: robust accuracy of a READY model on a READY dataset, deduplicated by request key. */
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '@simlab/compute';
import type { Principal } from '../auth/roles.js';
import { robustAccuracyKey } from '../db/keys.js';
import type { Loaders } from '../db/loaders.js';
import {
  getRobustAccuracyByKey,
  insertRobustAccuracy,
  type RobustAccuracyParams,
  type RobustAccuracyRow,
} from '../db/robust-accuracy.queries.js';
import type { StartRobustAccuracyInput } from '../schema/start-robust-accuracy.input.js';
import type { Services } from '../services.js';
import { requireReady } from './require-ready.js';
import { assertModelFitsDataset } from './shapes.js';
import { type Submitted, submit } from './submit.js';

export async function startRobustAccuracy(
  services: Services,
  loaders: Loaders,
  principal: Principal,
  input: StartRobustAccuracyInput,
): Promise<Submitted<RobustAccuracyRow>> {
  const model = await requireReady(loaders.model, 'model', input.modelId);
  const dataset = await requireReady(loaders.dataset, 'dataset', input.datasetId);
  assertModelFitsDataset(model, dataset);
  if (input.count > (dataset.count ?? 0)) {
    throw new InvalidArgumentError(
      `count ${input.count} exceeds the ${dataset.count} images of dataset ${dataset.name}`,
    );
  }
  if (input.restarts > 1 && input.eps === 0) {
    throw new InvalidArgumentError(
      'restarts > 1 start at random points of the eps ball; with eps 0 use restarts 1',
    );
  }
  const params: RobustAccuracyParams = {
    norm: input.norm as RobustAccuracyParams['norm'],
    eps: input.eps,
    steps: input.steps,
    stepSize: input.stepSize ?? (2.5 * input.eps) / input.steps,
    restarts: input.restarts,
    count: input.count,
    seed: input.seed,
  };
  const key = robustAccuracyKey(model.weightsHash, dataset.contentHash, params);
  return submit<RobustAccuracyRow>({
    services,
    createdBy: principal.tokenId,
    kind: 'robust-accuracy',
    subjectType: 'RobustAccuracy',
    existing: () => getRobustAccuracyByKey(services.db, key),
    insert: () =>
      insertRobustAccuracy(services.db, {
        id: randomUUID(),
        modelId: model.id,
        datasetId: dataset.id,
        params,
        requestKey: key,
        jobId: null,
      }),
  });
}
