/**
 * What every enqueueing mutation returns: the entity (new, or the stored one for the same request), the job
 * that fills it, and whether the request was answered from the store. One factory makes each payload type.
 */
import { type ClassType, Field, ObjectType } from 'type-graphql';
import { Dataset } from './dataset.type.js';
import { Inversion } from './inversion.type.js';
import { Job } from './job.type.js';
import { Model } from './model.type.js';
import { RobustAccuracy } from './robust-accuracy.type.js';
import { SimilarityMatrix } from './similarity-matrix.type.js';
import { SimilarityResult } from './similarity-result.type.js';
import { Study } from './study.type.js';

export type Payload<K extends string, T extends object> = { job: Job | null; cached: boolean } & {
  [F in K]: T;
};

/** `<Entity>Payload { <field>: Entity!, job: Job, cached: Boolean! }` */
export function createPayload<K extends string, T extends object>(
  entity: ClassType<T>,
  field: K,
  description: string,
): ClassType<Payload<K, T>> {
  @ObjectType(`${entity.name}Payload`, { description })
  class EntityPayload {
    @Field(() => Job, {
      nullable: true,
      description: 'The job computing it; null when nothing had to be computed.',
    })
    job!: Job | null;

    @Field(() => Boolean, {
      description: 'True when an identical request (same provenance key) already existed.',
    })
    cached!: boolean;
  }
  Field(() => entity)(EntityPayload.prototype, field);
  return EntityPayload as ClassType<Payload<K, T>>;
}

export const DatasetPayload = createPayload(Dataset, 'dataset', 'What registerDataset returns.');
export type DatasetPayload = InstanceType<typeof DatasetPayload>;
export const ModelPayload = createPayload(Model, 'model', 'What importModel and startTraining return.');
export type ModelPayload = InstanceType<typeof ModelPayload>;
export const RobustAccuracyPayload = createPayload(
  RobustAccuracy,
  'evaluation',
  'What startRobustAccuracy returns.',
);
export type RobustAccuracyPayload = InstanceType<typeof RobustAccuracyPayload>;
export const InversionPayload = createPayload(Inversion, 'inversion', 'What startInversion returns.');
export type InversionPayload = InstanceType<typeof InversionPayload>;
export const SimilarityResultPayload = createPayload(
  SimilarityResult,
  'result',
  'What startSimilarity returns.',
);
export type SimilarityResultPayload = InstanceType<typeof SimilarityResultPayload>;
export const SimilarityMatrixPayload = createPayload(SimilarityMatrix, 'matrix', 'What startMatrix returns.');
export type SimilarityMatrixPayload = InstanceType<typeof SimilarityMatrixPayload>;
export const StudyPayload = createPayload(Study, 'study', 'What startStudy returns.');
export type StudyPayload = InstanceType<typeof StudyPayload>;
