/**
 * Worker thread of the inversion pool (inversion-pool.ts): loads a model from its path (a checkpoint directory or
 * an ONNX model, loaded as the main thread loads it: loadStudyModel), inverts
 * through the shared disk cache, and posts progress and the result. One job at a time; 'abort' cancels it.
 *
 * Messages in:  { type: 'job', job: WorkerJob } | { type: 'abort' }
 * Messages out: { type: 'progress', index, progress } | { type: 'done', index, outcome } | { type: 'error', index, error }
 */
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../backend.js';
import { SimLabError } from '../errors.js';
import type { InversionProgress } from '../invert/inversion-options.js';
import { cachedInversion, type InversionOutcome, type PairImages } from './cached-inversion.js';
import { InversionCache, type InversionRequest } from './inversion-cache.js';
import { loadStudyModel } from './study-models.js';

export interface WorkerJob {
  /** The pool's id of this job (messages carry it back). */
  index: number;
  modelDir: string;
  pairs: PairImages;
  request: InversionRequest;
  cacheDir?: string;
  provenance: Record<string, unknown>;
}

export type WorkerMessage =
  | { type: 'progress'; index: number; progress: InversionProgress }
  | { type: 'done'; index: number; outcome: InversionOutcome }
  | { type: 'error'; index: number; error: { name: string; code?: string; message: string } };

let controller = new AbortController();

async function run(job: WorkerJob): Promise<void> {
  const port = parentPort!;
  controller = new AbortController();
  try {
    await initBackend();
    const { model } = await loadStudyModel(job.modelDir);
    const outcome = await cachedInversion(model, job.pairs, job.request, {
      cache: job.cacheDir ? new InversionCache(job.cacheDir) : undefined,
      provenance: job.provenance,
      signal: controller.signal,
      onProgress: (progress) =>
        port.postMessage({ type: 'progress', index: job.index, progress } satisfies WorkerMessage),
    });
    model.dispose();
    port.postMessage({ type: 'done', index: job.index, outcome } satisfies WorkerMessage);
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    const code = error instanceof SimLabError ? error.code : undefined;
    port.postMessage({
      type: 'error',
      index: job.index,
      error: { name: error.name, code, message: error.stack && !code ? error.stack : error.message },
    } satisfies WorkerMessage);
  }
}

parentPort?.on('message', (message: { type: 'job'; job: WorkerJob } | { type: 'abort' }) => {
  if (message.type === 'abort') controller.abort(new Error('the study was cancelled'));
  else void run(message.job);
});
