/**
 * The compute children's protocol: every task by name with its input, the events it emits while running and
 * its result (plain data and file paths, never database handles), and the messages on the IPC channel.
 * The pool's `run` is typed by this map, so a job and its task cannot disagree on a shape.
 */

import type { TaskContext } from './task-context.js';
import type { BackendInfoResult } from './tasks/backend-info.task.js';
import type { InvertEvent, InvertTaskInput, InvertTaskResult } from './tasks/invert.task.js';
import type { LoadDatasetInput, LoadedDatasetInfo } from './tasks/load-dataset.task.js';
import type { RobustAccuracyTaskInput, RobustAccuracyTaskResult } from './tasks/robust-accuracy.task.js';
import type { SimilarityEvent, SimilarityTaskInput, SimilarityTaskResult } from './tasks/similarity.task.js';
import type { StirEvent, StirTaskInput, StirTaskResult } from './tasks/stir.task.js';
import type { TrainEvent, TrainTaskInput, TrainTaskResult } from './tasks/train.task.js';
import type { VerifiedModel, VerifyCheckpointInput } from './tasks/verify-checkpoint.task.js';

interface Signature<Input, Result, Event = never> {
  input: Input;
  result: Result;
  event: Event;
}

export interface ComputeTasks {
  'backend-info': Signature<Record<string, never>, BackendInfoResult>;
  'load-dataset': Signature<LoadDatasetInput, LoadedDatasetInfo>;
  'verify-checkpoint': Signature<VerifyCheckpointInput, VerifiedModel>;
  train: Signature<TrainTaskInput, TrainTaskResult, TrainEvent>;
  'robust-accuracy': Signature<RobustAccuracyTaskInput, RobustAccuracyTaskResult>;
  invert: Signature<InvertTaskInput, InvertTaskResult, InvertEvent>;
  similarity: Signature<SimilarityTaskInput, SimilarityTaskResult, SimilarityEvent>;
  stir: Signature<StirTaskInput, StirTaskResult, StirEvent>;
}

export type TaskName = keyof ComputeTasks;
export type TaskInput<K extends TaskName> = ComputeTasks[K]['input'];
export type TaskResult<K extends TaskName> = ComputeTasks[K]['result'];
export type TaskEvent<K extends TaskName> = ComputeTasks[K]['event'];
export type Task<K extends TaskName> = (
  input: TaskInput<K>,
  ctx: TaskContext<TaskEvent<K>>,
) => Promise<TaskResult<K>>;

export type ParentMessage =
  | { type: 'run'; id: number; task: TaskName; input: unknown }
  | { type: 'cancel'; id: number };

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'event'; id: number; event: unknown }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; error: RemoteError };

/** An error thrown in a child, as it crosses the channel: its class name and stable code survive. */
export interface RemoteError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}
