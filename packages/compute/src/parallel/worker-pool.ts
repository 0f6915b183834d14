/**
 * A pool of worker threads for compute that one thread cannot do fast enough: the WASM backend runs on one
 * thread in Node (backend.ts), so a 2-core machine needs two workers to use both cores. Create one pool, pass
 * it to everything that can split its work (`linearCka(a, b, { pool })`, `invertImagesParallel`), and
 * close it when done.
 *
 * Workers start on their first task and stay, with their TF.js backend initialised and their WASM kernels
 * compiled, until `close()`. An idle worker does not keep the process alive (it is unref'd), so a CLI that
 * forgets `close()` still exits; tests should close their pools.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { type BackendName, initBackend } from '../backend.js';
import { CancelledError, InvalidArgumentError } from '../errors.js';
import type { FromWorker, PoolTasks, TaskKind, ToWorker } from './pool-protocol.js';
import { rebuildError } from './serialized-error.js';
import { startWorker } from './start-worker.js';

export interface WorkerPoolOptions {
  /** Worker threads. Default `os.availableParallelism()`: one per core. */
  size?: number;
}

export interface RunOptions<E> {
  /** Aborting cancels the task: a queued one at once, a running one at its next check (CancelledError). */
  signal?: AbortSignal;
  /** Progress the task reports while it runs. */
  onEvent?: (event: E) => void;
}

export interface WorkerPool {
  readonly size: number;
  /** Runs one task on the first free worker; resolves with its result, rejects with its error. */
  run<K extends TaskKind>(
    kind: K,
    payload: PoolTasks[K]['payload'],
    options?: RunOptions<PoolTasks[K]['event']>,
  ): Promise<PoolTasks[K]['result']>;
  /** Runs the task once on every worker that has started (all of them with `start: true`). */
  runOnEach<K extends TaskKind>(
    kind: K,
    payload: PoolTasks[K]['payload'],
    options?: { start?: boolean },
  ): Promise<PoolTasks[K]['result'][]>;
  /** Terminates every worker; running tasks reject. The pool cannot be used afterwards. */
  close(): Promise<void>;
}

interface Pending {
  id: number;
  kind: TaskKind;
  payload: PoolTasks[TaskKind]['payload'];
  /** Only this worker may run it (runOnEach). */
  slot?: number;
  resolve: (result: never) => void;
  reject: (error: Error) => void;
  onEvent?: (event: never) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  worker?: Worker;
  task?: Pending;
}

/**
 * @throws InvalidArgumentError when `size` is not an integer >= 1.
 */
export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  const size = options.size ?? availableParallelism();
  if (!Number.isInteger(size) || size < 1) {
    throw new InvalidArgumentError(`worker pool size ${size} must be an integer >= 1`);
  }
  const slots: Slot[] = Array.from({ length: size }, () => ({}));
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  const settle = (task: Pending) => {
    task.signal?.removeEventListener('abort', task.onAbort!);
  };

  const spawn = (index: number): Worker => {
    const worker = startWorker(new URL('./pool-worker.js', import.meta.url), import.meta.url);
    worker.on('message', (message: FromWorker) => {
      const task = slots[index]!.task;
      if (!task || task.id !== message.id) return; // an aborted task's late messages
      if (message.type === 'event') {
        task.onEvent?.(message.event as never);
        return;
      }
      finish(index);
      if (message.type === 'done') task.resolve(message.result as never);
      else task.reject(rebuildError(message.error));
    });
    const fail = (error: Error) => {
      const slot = slots[index]!;
      if (slot.worker !== worker) return;
      slot.worker = undefined; // a fresh worker takes this slot's next task
      const task = slot.task;
      if (task) {
        finish(index);
        task.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`pool worker ${index} exited with code ${code}`)));
    worker.unref();
    return worker;
  };

  /** Frees a slot after its task settled and hands out the next task. */
  const finish = (index: number) => {
    const slot = slots[index]!;
    if (slot.task) settle(slot.task);
    slot.task = undefined;
    slot.worker?.unref();
    void dispatch();
  };

  /** Hands queued tasks to free workers, in queue order; a task pinned to a slot waits for that slot. */
  const dispatch = async () => {
    let backend: BackendName;
    try {
      backend = (await initBackend()).name; // workers run on the main thread's backend
    } catch (error) {
      for (const task of queue.splice(0)) {
        settle(task);
        task.reject(error as Error);
      }
      return;
    }
    if (closed) return;
    for (let q = 0; q < queue.length; q++) {
      const task = queue[q]!;
      const index = task.slot ?? freeSlot();
      if (index < 0 || slots[index]!.task) continue;
      queue.splice(q--, 1);
      const slot = slots[index]!;
      slot.worker ??= spawn(index);
      slot.task = task;
      slot.worker.ref(); // a running task keeps the process alive until it settles
      slot.worker.postMessage({
        type: 'task',
        id: task.id,
        kind: task.kind,
        payload: task.payload,
        backend,
      } satisfies ToWorker);
    }
  };

  /** An idle started worker if there is one (its kernels are warm), else any idle slot, else -1. */
  const freeSlot = () => {
    const warm = slots.findIndex((s) => !s.task && s.worker);
    return warm >= 0 ? warm : slots.findIndex((s) => !s.task);
  };

  const enqueue = <K extends TaskKind>(
    kind: K,
    payload: PoolTasks[K]['payload'],
    slot: number | undefined,
    options: RunOptions<PoolTasks[K]['event']> = {},
  ): Promise<PoolTasks[K]['result']> => {
    if (closed) {
      return Promise.reject(
        new InvalidArgumentError('this worker pool is closed; create a new one with createWorkerPool()'),
      );
    }
    if (options.signal?.aborted) return Promise.reject(new CancelledError(`${kind} was cancelled`));
    return new Promise((resolve, reject) => {
      const task: Pending = {
        id: nextId++,
        kind,
        payload,
        slot,
        resolve: resolve as (result: never) => void,
        reject,
        onEvent: options.onEvent as ((event: never) => void) | undefined,
        signal: options.signal,
      };
      task.onAbort = () => {
        const queued = queue.indexOf(task);
        if (queued >= 0) {
          queue.splice(queued, 1);
          settle(task);
          reject(new CancelledError(`${kind} was cancelled before it started`));
          return;
        }
        const running = slots.find((s) => s.task === task);
        running?.worker?.postMessage({ type: 'abort', id: task.id } satisfies ToWorker);
      };
      options.signal?.addEventListener('abort', task.onAbort, { once: true });
      queue.push(task);
      void dispatch();
    });
  };

  return {
    size,
    run: (kind, payload, options) => enqueue(kind, payload, undefined, options),
    runOnEach: (kind, payload, options = {}) =>
      Promise.all(slots.flatMap((s, i) => (s.worker || options.start ? [enqueue(kind, payload, i)] : []))),
    async close() {
      closed = true;
      const error = new CancelledError('the worker pool was closed');
      for (const task of queue.splice(0)) {
        settle(task);
        task.reject(error);
      }
      await Promise.all(
        slots.map(async (slot) => {
          const { worker, task } = slot;
          slot.worker = undefined;
          slot.task = undefined;
          if (task) {
            settle(task);
            task.reject(error);
          }
          await worker?.terminate();
        }),
      );
    },
  };
}
