/**
 * Messages between a WorkerPool (worker-pool.ts) and its workers (pool-worker.ts). Types only: importing this
 * file loads nothing.
 *
 *   main -> worker   { type: 'task', id, kind, payload, backend } | { type: 'abort', id }
 *   worker -> main   { type: 'event', id, event } | { type: 'done', id, result } | { type: 'error', id, error }
 */
import type { BackendName } from '../backend.js';
import type {
  InversionSliceEvent,
  InversionSliceResult,
  InversionSliceTask,
} from '../invert/inversion-slice.js';
import type { ProductsTask } from '../similarity/parallel-products-task.js';

/** Every kind of task a pool worker runs: what it takes, what it resolves with, what it reports meanwhile. */
export interface PoolTasks {
  /** Live tensors in the worker's TF.js engine (leak tests). */
  tensors: { payload: null; result: number; event: never };
  /** Kernel sums of a share of the block pairs of a CKA product (similarity/parallel-products-task.ts). */
  'cka-products': { payload: ProductsTask; result: null; event: never };
  /** Samples i0..i1 of one inversion batch (invert/inversion-slice.ts). */
  'invert-slice': { payload: InversionSliceTask; result: InversionSliceResult; event: InversionSliceEvent };
  /** Forgets the model of an inversion session. */
  'invert-release': { payload: { session: string }; result: null; event: never };
}

export type TaskKind = keyof PoolTasks;

export interface TaskMessage<K extends TaskKind = TaskKind> {
  type: 'task';
  id: number;
  kind: K;
  payload: PoolTasks[K]['payload'];
  /** The main thread's backend: workers run on the same one. */
  backend: BackendName;
}

export type ToWorker = TaskMessage | { type: 'abort'; id: number };

export interface SerializedError {
  name: string;
  code?: string;
  message: string;
}

export type FromWorker =
  | { type: 'event'; id: number; event: unknown }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; error: SerializedError };
