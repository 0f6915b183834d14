/** Importing ONNX models in tests: compute's PyTorch-exported fixtures, uploaded and imported over the API. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type JobView, mutate, upload, waitForJob } from './api.js';
import type { TestServer } from './test-server.js';

/** compute's fixtures (packages/compute/scripts/make-onnx-fixtures.py): MNIST-shaped CNN and ResNet. */
export function onnxFixturePath(name: 'cnn' | 'resnet'): string {
  return fileURLToPath(
    new URL(`../../../../packages/compute/src/onnx/fixtures/${name}.onnx`, import.meta.url),
  );
}

export function readOnnxFixture(name: 'cnn' | 'resnet'): Promise<Buffer> {
  return readFile(onnxFixturePath(name));
}

export const IMPORT_MODEL = `mutation($input: ImportModelInput!) {
  importModel(input: $input) { cached model { id name status } job { id kind status error { code message } } }
}`;

export interface ImportPayload {
  cached: boolean;
  model: { id: string; name: string; status: string };
  job: JobView | null;
}

/**
 * Uploads `bytes` as model.onnx, imports it under `input` (name, architecture or architectureId, ...) and waits
 * for its job; returns the payload and the ended job.
 */
export async function importOnnxUpload(
  t: TestServer,
  bytes: Buffer,
  input: Record<string, unknown>,
): Promise<{ payload: ImportPayload; job: JobView | null }> {
  const uploadId = await upload(t, 'model.onnx', bytes);
  const payload = await mutate<ImportPayload>(t, IMPORT_MODEL, {
    input: { ...input, uploadIds: [uploadId] },
  });
  return { payload, job: payload.job ? await waitForJob(t, payload.job.id) : null };
}
