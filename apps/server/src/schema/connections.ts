/** The Relay connection type of every listed entity (see connection.ts). */
import { connectionOf } from './connection.js';
import { Dataset } from './dataset.type.js';
import { Inversion } from './inversion.type.js';
import { Job } from './job.type.js';
import { Model } from './model.type.js';
import { SimilarityMatrix } from './similarity-matrix.type.js';
import { SimilarityResult } from './similarity-result.type.js';
import { Study } from './study.type.js';

export const DatasetConnection = connectionOf(Dataset, 'Dataset');
export const ModelConnection = connectionOf(Model, 'Model');
export const InversionConnection = connectionOf(Inversion, 'Inversion');
export const SimilarityResultConnection = connectionOf(SimilarityResult, 'SimilarityResult');
export const SimilarityMatrixConnection = connectionOf(SimilarityMatrix, 'SimilarityMatrix');
export const JobConnection = connectionOf(Job, 'Job');
export const StudyConnection = connectionOf(Study, 'Study');
