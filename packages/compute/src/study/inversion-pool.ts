/**
 * Runs the study's inversions on several worker threads, one model per worker at a time. The WASM backend is
 * single-threaded in Node (backend.ts), so on a 2-core machine two workers invert about twice as fast as one.
 * Workers load each model from its checkpoint directory and write to the same disk cache as the main thread,
 * so cancellation and resumption behave exactly as in a serial run.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as errors from '../errors.js';
import type { InversionProgress } from '../invert/inversion-options.js';
import type { InversionOutcome } from './cached-inversion.js';
import type { WorkerJob, WorkerMessage } from './inversion-worker.js';

export interface InversionPoolOptions {
  /** Worker threads; default min(jobs, available cores). */
  concurrency?: number;
  onProgress?: (index: number, progress: InversionProgress) => void;
  onDone?: (index: number, outcome: InversionOutcome) => void;
  signal?: AbortSignal;
}

/** The number of workers `runInversionPool` starts by default for `jobs` jobs. */
export function defaultConcurrency(jobs: number): number {
  return Math.max(1, Math.min(jobs, availableParallelism()));
}

/**
 * Runs every job; resolves with the outcomes in job order.
 * @throws CancelledError when `signal` fires (workers stop within one iteration); the first job's error
 *   otherwise, rebuilt as the same SimLab error class. All workers are terminated either way.
 */
export async function runInversionPool(
  jobs: readonly WorkerJob[],
  options: InversionPoolOptions = {},
): Promise<InversionOutcome[]> {
  const outcomes = new Array<InversionOutcome>(jobs.length);
  const queue = [...jobs];
  const workers = Array.from(
    { length: Math.min(jobs.length, options.concurrency ?? defaultConcurrency(jobs.length)) },
    startWorker,
  );
  const abort = () => {
    for (const w of workers) w.postMessage({ type: 'abort' });
  };
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    errors.throwIfAborted(options.signal, 'study');
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const job = queue.shift();
              if (job) worker.postMessage({ type: 'job', job });
              else resolve();
            };
            worker.on('message', (message: WorkerMessage) => {
              if (message.type === 'progress') options.onProgress?.(message.index, message.progress);
              else if (message.type === 'done') {
                outcomes[message.index] = message.outcome;
                options.onDone?.(message.index, message.outcome);
                next();
              } else {
                queue.length = 0; // stop handing out work; the other workers finish their current job or abort
                abort();
                reject(rebuildError(message.error));
              }
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`inversion worker exited with code ${code}`));
            });
            next();
          }),
      ),
    );
    return outcomes;
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./inversion-worker.js', import.meta.url));
  // From TypeScript sources (tests, tsx) the worker registers tsx's loader first; `--import tsx` in a worker's
  // execArgv is not honoured by Node 20. Compiled JavaScript (above) needs no loader.
  const url = new URL('./inversion-worker.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); });`;
  return new Worker(code, { eval: true });
}

/** The worker's error as the same SimLab error class (so CancelledError stays a CancelledError). */
function rebuildError({ name, code, message }: { name: string; code?: string; message: string }): Error {
  const Class = (errors as Record<string, unknown>)[name];
  if (code && typeof Class === 'function' && Class.prototype instanceof errors.SimLabError) {
    return new (Class as new (message: string) => Error)(message);
  }
  const error = new Error(message);
  error.name = name;
  return error;
}
