/**
 * A pool of worker threads that invert one model each at a time (the CLI's parallelism). The WASM backend is
 * single-threaded in Node (backend.ts), so on a 2-core machine two workers invert about twice as fast as one.
 * Workers start on demand, up to `size`, load each model from its checkpoint directory and write to the same
 * disk cache as the main thread, so cancellation and resumption behave exactly as in a serial run.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as errors from '../errors.js';
import type { InversionProgress } from '../invert/inversion-options.js';
import type { InversionOutcome } from './cached-inversion.js';
import type { WorkerJob, WorkerMessage } from './inversion-worker.js';

export interface InversionPool {
  readonly size: number;
  /** Workers started so far (at most `size`). */
  readonly started: number;
  /**
   * Inverts in the first free worker (queued until one is free).
   * @throws CancelledError when `signal` fires (the worker stops within one iteration); the worker's error,
   *   rebuilt as the same SimLab error class; Error when the worker dies.
   */
  invert(job: Omit<WorkerJob, 'index'>, options?: InvertOptions): Promise<InversionOutcome>;
  /** Terminates every worker; queued jobs fail with CancelledError. */
  close(): Promise<void>;
}

export interface InvertOptions {
  signal?: AbortSignal;
  onProgress?: (progress: InversionProgress) => void;
}

interface Pending {
  job: WorkerJob;
  options: InvertOptions;
  resolve(outcome: InversionOutcome): void;
  reject(error: unknown): void;
}

/** The default pool size: the available cores. */
export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

export function createInversionPool(size = defaultConcurrency()): InversionPool {
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  const queue: Pending[] = [];
  let nextIndex = 0;
  let started = 0;
  let closed = false;

  function dispatch(): void {
    while (!closed && queue.length > 0) {
      let worker = idle.pop();
      if (!worker && all.size < size) {
        worker = startWorker();
        all.add(worker);
        started++;
      }
      if (!worker) return;
      const task = queue.shift()!;
      if (task.options.signal?.aborted) {
        idle.push(worker);
        task.reject(new errors.CancelledError('inversion cancelled before it started'));
        continue;
      }
      run(worker, task);
    }
  }

  function run(worker: Worker, task: Pending): void {
    const { signal, onProgress } = task.options;
    const abort = () => worker.postMessage({ type: 'abort' });
    const settle = (free: boolean) => {
      signal?.removeEventListener('abort', abort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (free) idle.push(worker);
      else all.delete(worker);
      queueMicrotask(dispatch);
    };
    const onMessage = (message: WorkerMessage) => {
      if (message.index !== task.job.index) return;
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') {
        settle(true);
        task.resolve(message.outcome);
      } else {
        settle(true);
        task.reject(rebuildError(message.error));
      }
    };
    const onError = (error: Error) => {
      settle(false);
      task.reject(error);
    };
    const onExit = (code: number) => {
      settle(false);
      task.reject(new Error(`inversion worker exited with code ${code} during a job`));
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ type: 'job', job: task.job });
  }

  return {
    size,
    get started() {
      return started;
    },
    invert(job, options = {}) {
      if (closed) return Promise.reject(new errors.CancelledError('the inversion pool is closed'));
      return new Promise<InversionOutcome>((resolve, reject) => {
        queue.push({ job: { ...job, index: nextIndex++ }, options, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new errors.CancelledError('the inversion pool closed'));
      await Promise.all([...all].map((w) => w.terminate()));
      all.clear();
      idle.length = 0;
    },
  };
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
