/**
 * A pool of child processes (one per core by default) that run compute tasks, so TF.js never blocks the
 * event loop that serves queries and subscriptions. Children are started on demand and reused; one that
 * exits mid-task fails that task with WorkerCrashedError (the job is retried) and is replaced.
 */
import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { CancelledError } from '@simlab/compute';
import { WorkerCrashedError } from '../errors.js';
import type { Logger } from '../logger.js';
import type {
  ChildMessage,
  ParentMessage,
  RemoteError,
  TaskEvent,
  TaskInput,
  TaskName,
  TaskResult,
} from './protocol.js';

export interface RunOptions<Event = unknown> {
  signal?: AbortSignal;
  onEvent?: (event: Event) => void;
  /**
   * Queued ahead of the waiting tasks that are not: a study's cells take seconds and complete a row of a
   * matrix that clients watch fill, while its inversions (queued first, all at once) take minutes each. Without
   * it a row's cells would wait until every inversion had started.
   */
  ahead?: boolean;
}

export interface ComputePool {
  readonly size: number;
  /**
   * Runs a task (protocol.ts) in the first free child, in the order asked (`ahead` tasks first); its events
   * reach `onEvent` in order.
   */
  run<K extends TaskName>(
    task: K,
    input: TaskInput<K>,
    options?: RunOptions<TaskEvent<K>>,
  ): Promise<TaskResult<K>>;
  /** Process ids of the live children (tests kill one to check crash handling). */
  pids(): number[];
  close(): Promise<void>;
}

export interface ComputePoolOptions {
  size?: number;
  logger: Logger;
  /** How long a cancelled task may take to stop before its child is killed. Default 5 s. */
  cancelGraceMs?: number;
  /** Extra environment for the children (e.g. SIMLAB_BACKEND). */
  env?: Record<string, string>;
}

interface Pending {
  id: number;
  task: TaskName;
  input: unknown;
  /** Events as the channel carries them; `run` typed them by the task's name. */
  options: RunOptions<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Removes the cancel listener from the caller's signal once the task is settled. */
  stopWatching?: () => void;
}

interface Slot {
  child: ChildProcess;
  current?: Pending;
}

/** Parent-side form of an error thrown in a child; keeps the name and stable code. */
export class RemoteTaskError extends Error {
  readonly code: string | undefined;
  constructor(remote: RemoteError) {
    super(remote.message);
    this.name = remote.name;
    this.code = remote.code;
    if (remote.stack) this.stack = remote.stack;
  }
}

export function createComputePool(options: ComputePoolOptions): ComputePool {
  const size = Math.max(1, options.size ?? os.availableParallelism());
  const grace = options.cancelGraceMs ?? 5000;
  const slots = new Set<Slot>();
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Slot {
    const child = fork(childEntry().file, [], {
      execArgv: childEntry().execArgv,
      serialization: 'advanced',
      env: { ...process.env, ...childEntry().env, ...options.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const slot: Slot = { child };
    child.on('message', (message: ChildMessage) => onMessage(slot, message));
    child.on('exit', (code, signal) => {
      slots.delete(slot);
      const task = slot.current;
      slot.current = undefined;
      if (task) {
        options.logger.warn('compute child exited during a task', { task: task.task, code, signal });
        task.reject(
          task.options.signal?.aborted
            ? new CancelledError(`${task.task} cancelled`)
            : new WorkerCrashedError(
                `compute process ${child.pid} exited (${signal ?? `code ${code}`}) while running ${task.task}`,
              ),
        );
      }
      dispatch();
    });
    slots.add(slot);
    return slot;
  }

  function onMessage(slot: Slot, message: ChildMessage): void {
    const task = slot.current;
    if (message.type === 'ready' || !task || message.id !== task.id) return;
    if (message.type === 'event') {
      task.options.onEvent?.(message.event);
      return;
    }
    slot.current = undefined;
    if (message.type === 'done') task.resolve(message.result);
    else task.reject(new RemoteTaskError(message.error));
    dispatch();
  }

  function dispatch(): void {
    while (!closed && queue.length > 0) {
      let slot = [...slots].find((s) => !s.current);
      if (!slot && slots.size < size) slot = spawn();
      if (!slot) return;
      const task = queue.shift()!;
      if (task.options.signal?.aborted) {
        task.reject(new CancelledError(`${task.task} cancelled before it started`));
        continue;
      }
      slot.current = task;
      watchCancel(slot, task);
      slot.child.send({
        type: 'run',
        id: task.id,
        task: task.task,
        input: task.input,
      } satisfies ParentMessage);
    }
  }

  function watchCancel(slot: Slot, task: Pending): void {
    const signal = task.options.signal;
    if (!signal) return;
    const onAbort = () => {
      if (slot.current !== task) return;
      slot.child.send({ type: 'cancel', id: task.id } satisfies ParentMessage);
      // A task that ignores its signal (a long kernel) is stopped by force.
      setTimeout(() => {
        if (slot.current === task) slot.child.kill('SIGKILL');
      }, grace).unref();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    // A job's signal outlives its tasks (a study runs hundreds): leave no listener behind per task.
    task.stopWatching = () => signal.removeEventListener('abort', onAbort);
  }

  return {
    size,
    run<K extends TaskName>(task: K, input: TaskInput<K>, runOptions: RunOptions<TaskEvent<K>> = {}) {
      if (closed) return Promise.reject(new Error('compute pool is closed'));
      return new Promise<TaskResult<K>>((resolve, reject) => {
        const pending: Pending = {
          id: nextId++,
          task,
          input,
          options: runOptions as RunOptions<unknown>,
          resolve: (value) => {
            pending.stopWatching?.();
            resolve(value as TaskResult<K>);
          },
          reject: (error) => {
            pending.stopWatching?.();
            reject(error);
          },
        };
        if (runOptions.ahead) {
          const firstBehind = queue.findIndex((waiting) => !waiting.options.ahead);
          queue.splice(firstBehind < 0 ? queue.length : firstBehind, 0, pending);
        } else {
          queue.push(pending);
        }
        dispatch();
      });
    },
    pids: () => [...slots].map((s) => s.child.pid!).filter(Boolean),
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new CancelledError('compute pool closed'));
      await Promise.all(
        [...slots].map(
          (slot) =>
            new Promise<void>((resolve) => {
              if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
              slot.child.once('exit', () => resolve());
              slot.child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/**
 * From TypeScript source (tests, `tsx`), children run `child.ts` through tsx with tsconfig.dev.json, which
 * maps @simlab/compute to its source; from the build they run `child.js` with plain node.
 */
function childEntry(): { file: string; execArgv: string[]; env: Record<string, string> } {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(`./child.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  if (!fromSource) return { file, execArgv: [], env: {} };
  return {
    file,
    execArgv: ['--import', 'tsx'],
    env: { TSX_TSCONFIG_PATH: fileURLToPath(new URL('../../tsconfig.dev.json', import.meta.url)) },
  };
}
