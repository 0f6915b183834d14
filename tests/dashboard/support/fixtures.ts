/**
 * The small world the browser tests look at: a synthetic dataset, tiny models of two architectures at two eps
 * each, and helpers to read what the API says, so tests compare the page against the server's own answers.
 */
import {
  type JobView,
  mutate,
  registerUploaded,
  trainTiny,
  waitForJob,
} from '../../../apps/server/src/test-support/api';
import { syntheticDataset } from '../../../apps/server/src/test-support/synthetic-dataset';
import type { TestServer } from '../../../apps/server/src/test-support/test-server';

export const ARCHITECTURES = ['mlp', 'lenet'] as const;
export const EPS = [0, 0.5] as const;

export interface World {
  datasetId: string;
  modelIds: string[];
}

export async function buildWorld(t: TestServer): Promise<World> {
  const datasetId = await registerUploaded(
    t,
    'synthetic',
    syntheticDataset({ count: 64, size: 16, classes: 4 }),
  );
  const modelIds: string[] = [];
  // One at a time: the machine has two cores and the worker runs one compute child.
  for (const architectureId of ARCHITECTURES) {
    for (const eps of EPS) {
      modelIds.push(await trainTiny(t, { name: `${architectureId}-${eps}`, architectureId, datasetId, eps }));
    }
  }
  return { datasetId, modelIds };
}

export const START_STUDY = `mutation($input: StartStudyInput!) {
  startStudy(input: $input) { cached study { id } job { id status } }
}`;

export interface StudyKnobs {
  /** A different pair seed makes a distinct (uncached) inverted matrix. */
  pairSeed?: number;
  iterations?: number;
  pairCount?: number;
  /** Null baseline and bootstrap per cell: slower cells, and a distinct (uncached) natural matrix too. */
  options?: { nullPermutations: number; bootstrapResamples: number; seed?: number };
  /** Convergence checkpoints (iterations below `iterations`). */
  convergence?: number[];
  /** STIR with a few steps. */
  stir?: { iterations: number; batchSize: number };
}

/** Tiny study parameters: seconds, not minutes. More pairs, iterations and options make one worth watching. */
export function tinyStudy(world: World, name: string, knobs: StudyKnobs = {}) {
  return {
    name,
    modelIds: world.modelIds,
    datasetId: world.datasetId,
    metric: 'LINEAR',
    sampleCount: 32,
    pairCount: knobs.pairCount ?? 8,
    pairSeed: knobs.pairSeed ?? 0,
    inversion: { iterations: knobs.iterations ?? 8, batchSize: 4 },
    ...(knobs.options ? { options: knobs.options } : {}),
    ...(knobs.convergence ? { convergence: knobs.convergence } : {}),
    ...(knobs.stir ? { stir: knobs.stir } : {}),
  };
}

export async function startStudy(t: TestServer, input: ReturnType<typeof tinyStudy>) {
  return mutate<{ study: { id: string }; job: JobView | null }>(t, START_STUDY, { input });
}

export async function finishStudy(t: TestServer, input: ReturnType<typeof tinyStudy>): Promise<string> {
  const payload = await startStudy(t, input);
  if (payload.job) {
    const job = await waitForJob(t, payload.job.id, 240_000);
    if (job.status !== 'COMPLETED') throw new Error(`study failed: ${JSON.stringify(job.error)}`);
  }
  return payload.study.id;
}

export interface ApiMatrix {
  id: string;
  values: (number | null)[][];
  /** Debiased CKA per cell (what the heatmaps show by default), in the API's model order. */
  debiased: (number | null)[][];
  models: { id: string; name: string; eps: number; norm: string | null; architecture: { id: string } }[];
}

/** The study's matrices as the API returns them (values in the API's model order). */
export async function studyMatrices(
  t: TestServer,
  studyId: string,
): Promise<{ natural: ApiMatrix; inverted: ApiMatrix }> {
  const fields =
    'id values models { id name eps norm architecture { id } } cells { row column result { debiased { value } } }';
  type Answer = Omit<ApiMatrix, 'debiased'> & {
    cells: { row: number; column: number; result: { debiased: { value: number } | null } }[];
  };
  const res = await t.gql<{ study: { naturalMatrix: Answer; invertedMatrix: Answer } }>(
    `query($id: ID!) { study(id: $id) { naturalMatrix { ${fields} } invertedMatrix { ${fields} } } }`,
    { id: studyId },
  );
  if (!res.data?.study) throw new Error(`no study ${studyId}: ${JSON.stringify(res.errors)}`);
  const withDebiased = ({ cells, ...matrix }: Answer): ApiMatrix => {
    const debiased = matrix.values.map((row) => row.map((): number | null => null));
    for (const c of cells) debiased[c.row]![c.column] = c.result.debiased?.value ?? null;
    return { ...matrix, debiased };
  };
  return {
    natural: withDebiased(res.data.study.naturalMatrix),
    inverted: withDebiased(res.data.study.invertedMatrix),
  };
}

/** The axis label the dashboard prints for a model (ui/study/order-models.ts: "mlp L2 ε=0.5"). */
export function axisLabelOf(model: ApiMatrix['models'][number]): string {
  const norm = model.norm && model.eps > 0 ? ` ${model.norm.toUpperCase()}` : '';
  return `${model.architecture.id}${norm} ε=${model.eps}`;
}
