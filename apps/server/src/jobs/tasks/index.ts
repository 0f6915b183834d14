/** Every task a compute child can run, by name. Each calls @simlab/compute and returns plain data. */
import type { Task } from '../compute-protocol.js';
import { backendInfoTask } from './backend-info.task.js';
import { invertTask } from './invert.task.js';
import { loadDatasetTask } from './load-dataset.task.js';
import { robustAccuracyTask } from './robust-accuracy.task.js';
import { similarityTask } from './similarity.task.js';
import { trainTask } from './train.task.js';
import { verifyCheckpointTask } from './verify-checkpoint.task.js';

export const tasks: Record<string, Task> = {
  'backend-info': backendInfoTask,
  'load-dataset': loadDatasetTask,
  'verify-checkpoint': verifyCheckpointTask,
  train: trainTask,
  'robust-accuracy': robustAccuracyTask,
  invert: invertTask,
  similarity: similarityTask,
};
