/**
 * A WorkerPool thread (worker-pool.ts): runs one task at a time on the main thread's TF.js backend, posting
 * its events and then its result or error. Handlers live beside the code they parallelise; this file only
 * routes messages to them.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend.js';
import { CancelledError } from '../errors.js';
import { invertSlice, releaseInversionSession } from '../invert/inversion-slice.js';
import { runProductsTask } from '../similarity/parallel-products-task.js';
import type { FromWorker, PoolTasks, TaskKind, ToWorker } from './pool-protocol.js';
import { serializeError } from './serialized-error.js';

type Handler<K extends TaskKind> = (
  payload: PoolTasks[K]['payload'],
  context: { signal: AbortSignal; emit: (event: PoolTasks[K]['event']) => void },
) => Promise<PoolTasks[K]['result']>;

const handlers: { [K in TaskKind]: Handler<K> } = {
  tensors: async () => tf.memory().numTensors,
  'cka-products': (task, { signal }) => runProductsTask(task, signal),
  'invert-slice': (task, { signal, emit }) => invertSlice(task, { signal, onEvent: emit }),
  'invert-release': async ({ session }) => {
    releaseInversionSession(session);
    return null;
  },
};

const port = parentPort!;
const running = new Map<number, AbortController>();

async function run({ id, kind, payload, backend }: Extract<ToWorker, { type: 'task' }>): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  const post = (message: FromWorker) => port.postMessage(message);
  try {
    await initBackend({ prefer: backend });
    const handler = handlers[kind] as Handler<TaskKind>;
    const result = await handler(payload, {
      signal: controller.signal,
      emit: (event) => post({ type: 'event', id, event }),
    });
    post({ type: 'done', id, result });
  } catch (caught) {
    post({ type: 'error', id, error: serializeError(caught) });
  } finally {
    running.delete(id);
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'abort') running.get(message.id)?.abort(new CancelledError('cancelled by the caller'));
  else void run(message);
});
