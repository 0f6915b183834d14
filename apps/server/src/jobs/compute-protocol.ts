/** Messages between the compute pool (server or worker process) and its child processes. */

export type ParentMessage =
  | { type: 'run'; id: number; task: string; input: unknown }
  | { type: 'cancel'; id: number };

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'event'; id: number; event: unknown }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; error: RemoteError };

export interface RemoteError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/** What a task running in a child can do besides returning: report events and notice cancellation. */
export interface TaskContext {
  signal: AbortSignal;
  emit(event: unknown): void;
}

export type Task = (input: never, ctx: TaskContext) => Promise<unknown>;
