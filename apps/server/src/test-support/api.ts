/** GraphQL operations the integration tests share, and waiting for a job through its subscription. */
import { syntheticDataset } from './synthetic-dataset.js';
import type { TestServer } from './test-server.js';

export const JOB_FIELDS = 'id kind status progress message attempts worker error { code message } subjectId';

export interface JobView {
  id: string;
  kind: string;
  status: string;
  progress: number;
  message: string | null;
  attempts: number;
  worker: string | null;
  error: { code: string; message: string } | null;
  subjectId: string;
}

/** Polls a job until it ends (COMPLETED, FAILED, CANCELLED) and returns it. */
export async function waitForJob(t: TestServer, jobId: string, timeoutMs = 180_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.gql<{ job: JobView }>(`query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`, {
      id: jobId,
    });
    const job = res.data?.job;
    if (job && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.status)) return job;
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} still ${job?.status} after ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Uploads bytes as a named file; returns the upload id. */
export async function upload(
  t: TestServer,
  filename: string,
  bytes: Buffer,
  token = t.tokens.runner,
): Promise<string> {
  const res = await fetch(`${t.url}/uploads?filename=${filename}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    // A copy as a plain Uint8Array: DOM typings (the browser tests) do not take a Buffer as a body.
    body: new Uint8Array(bytes),
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Runs a mutation and returns its payload, failing loudly with the server's errors. */
export async function mutate<T>(
  t: TestServer,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const res = await t.gql<Record<string, T>>(query, variables, t.tokens.runner);
  if (res.errors?.length || !res.data) throw new Error(`mutation failed: ${JSON.stringify(res.errors)}`);
  return Object.values(res.data)[0]!;
}

export const REGISTER_DATASET = `mutation($input: RegisterDatasetInput!) {
  registerDataset(input: $input) { cached dataset { id status } job { ${JOB_FIELDS} } }
}`;

export const START_TRAINING = `mutation($input: StartTrainingInput!) {
  startTraining(input: $input) { cached model { id status } job { ${JOB_FIELDS} } }
}`;

/** The deprecated name of startTraining (its alias keeps old clients working). */
export const TRAIN_MODEL = `mutation($input: TrainModelInput!) {
  trainModel(input: $input) { cached model { id status } job { ${JOB_FIELDS} } }
}`;

export const START_INVERSION = `mutation($input: StartInversionInput!) {
  startInversion(input: $input) { cached inversion { id status batchCount } job { ${JOB_FIELDS} } }
}`;

export const START_MATRIX = `mutation($input: StartMatrixInput!) {
  startMatrix(input: $input) { cached matrix { id status size } job { ${JOB_FIELDS} } }
}`;

/** The deprecated name of startMatrix. */
export const COMPUTE_MATRIX = `mutation($input: ComputeMatrixInput!) {
  computeMatrix(input: $input) { cached matrix { id status size } job { ${JOB_FIELDS} } }
}`;

/** Registers a synthetic dataset by upload and waits until it is READY; returns its id. */
/** Registers the tests' usual dataset, 64 synthetic 8x8 images of 4 classes, from uploads; returns its id. */
export function registerSynthetic(t: TestServer): Promise<string> {
  return registerUploaded(t, 'synthetic', syntheticDataset({ count: 64, size: 8, classes: 4 }));
}

export async function registerUploaded(
  t: TestServer,
  name: string,
  files: { images: Buffer; labels: Buffer },
): Promise<string> {
  const uploadIds = [
    await upload(t, 'images.npy', files.images),
    await upload(t, 'labels.npy', files.labels),
  ];
  const payload = await mutate<{ dataset: { id: string }; job: JobView }>(t, REGISTER_DATASET, {
    input: { name, uploadIds },
  });
  const job = await waitForJob(t, payload.job.id);
  if (job.status !== 'COMPLETED')
    throw new Error(`dataset registration failed: ${JSON.stringify(job.error)}`);
  return payload.dataset.id;
}

/** Trains a tiny model and waits until it is READY; returns its id. */
export async function trainTiny(
  t: TestServer,
  input: {
    name: string;
    architectureId: string;
    datasetId: string;
    eps?: number;
    seed?: number;
    /** Train on the first N images only (the card names that prefix). */
    trainCount?: number;
  },
): Promise<string> {
  const payload = await mutate<{ model: { id: string }; job: JobView | null }>(t, START_TRAINING, {
    input: { epochs: 1, batchSize: 16, evaluationCount: 32, attackSteps: 2, ...input },
  });
  if (payload.job) {
    const job = await waitForJob(t, payload.job.id);
    if (job.status !== 'COMPLETED') throw new Error(`training failed: ${JSON.stringify(job.error)}`);
  }
  return payload.model.id;
}
