/** startStudy: the natural and inverted matrices over a set of models, and their robustness trend. */
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/roles.js';
import { codeVersion } from '../code-version.js';
import type { Loaders } from '../db/loaders.js';
import { getStudyByKey, insertStudy, type StudyRow } from '../db/study.queries.js';
import { type Metric, SimilaritySource } from '../schema/enums.js';
import type { StartStudyInput } from '../schema/start-study.input.js';
import type { Services } from '../services.js';
import { assertMatrixLayers, resolveMatrixSpec } from './matrix.request.js';
import { requestKey } from './request-key.js';
import { type Submitted, submit } from './submit.js';

export async function startStudy(
  services: Services,
  loaders: Loaders,
  principal: Principal,
  input: StartStudyInput,
): Promise<Submitted<StudyRow>> {
  const common = {
    metric: input.metric as Metric,
    modelIds: input.modelIds,
    datasetId: input.datasetId,
    options: input.options,
    pairSeed: input.pairSeed,
  };
  // Resolving both matrices here checks every input before anything is queued.
  const natural = await resolveMatrixSpec(loaders, {
    ...common,
    source: SimilaritySource.NATURAL,
    sampleCount: input.sampleCount,
  });
  const inverted = await resolveMatrixSpec(loaders, {
    ...common,
    source: SimilaritySource.INVERTED,
    pairCount: input.pairCount,
    inversion: input.inversion,
  });
  await assertMatrixLayers(services, natural);
  await assertMatrixLayers(services, inverted);
  const spec = {
    name: input.name,
    modelIds: input.modelIds,
    datasetId: input.datasetId,
    metric: input.metric,
    natural: { sampleCount: natural.params.sampleCount },
    inverted: {
      pairCount: inverted.params.pairCount,
      pairSeed: inverted.params.pairSeed,
      inversion: inverted.params.inversion,
    },
    options: {
      nullPermutations: natural.params.nullPermutations,
      bootstrapResamples: natural.params.bootstrapResamples,
      confidenceLevel: natural.params.confidenceLevel,
      seed: natural.params.sampleSeed,
    },
  };
  const key = requestKey({
    kind: 'study',
    ...spec,
    name: undefined,
    weightsHashes: natural.models.map((m) => m.weightsHash),
    datasetHash: natural.dataset.contentHash,
    codeVersion: codeVersion(),
  });
  return submit<StudyRow>({
    services,
    createdBy: principal.tokenId,
    kind: 'study',
    subjectType: 'Study',
    input: { natural: { ...natural.params }, inverted: { ...inverted.params } },
    existing: () => getStudyByKey(services.db, key),
    insert: () =>
      insertStudy(services.db, {
        id: randomUUID(),
        name: input.name,
        spec,
        datasetId: input.datasetId,
        requestKey: key,
        jobId: null,
      }),
  });
}
