/** Every job handler, by kind. */

import type { JobHandler } from '../queue/job-context.js';
import { importModelJob } from './import-model.job.js';
import { invertJob } from './invert.job.js';
import { matrixJob } from './matrix.job.js';
import { registerDatasetJob } from './register-dataset.job.js';
import { robustAccuracyJob } from './robust-accuracy.job.js';
import { similarityJob } from './similarity.job.js';
import { studyJob } from './study.job.js';
import { trainJob } from './train.job.js';

export const handlers: readonly JobHandler[] = [
  registerDatasetJob,
  importModelJob,
  trainJob,
  robustAccuracyJob,
  invertJob,
  similarityJob,
  matrixJob,
  studyJob,
] as JobHandler[];
