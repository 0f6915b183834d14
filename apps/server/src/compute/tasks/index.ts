/** Every task a compute child can run, by name (protocol.ts types each). Each calls @simlab/compute. */
import type { Task, TaskName } from '../protocol.js';
import { backendInfoTask } from './backend-info.task.js';
import { invertTask } from './invert.task.js';
import { loadDatasetTask } from './load-dataset.task.js';
import { robustAccuracyTask } from './robust-accuracy.task.js';
import { similarityTask } from './similarity.task.js';
import { stirTask } from './stir.task.js';
import { trainTask } from './train.task.js';
import { verifyCheckpointTask } from './verify-checkpoint.task.js';

export const tasks: { [K in TaskName]: Task<K> } = {
  'backend-info': backendInfoTask,
  'load-dataset': loadDatasetTask,
  'verify-checkpoint': verifyCheckpointTask,
  train: trainTask,
  'robust-accuracy': robustAccuracyTask,
  invert: invertTask,
  similarity: similarityTask,
  stir: stirTask,
};
