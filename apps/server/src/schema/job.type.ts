import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { SubjectType } from '../db/job.queries.js';
import { JobKind, JobStatus } from './enums.js';
import { JobError } from './job-error.type.js';

/** A queued computation; progress and status change live (subscribe with `jobUpdated`). */
@ObjectType()
export class Job {
  @Field(() => ID)
  id!: string;

  @Field(() => JobKind)
  kind!: JobKind;

  @Field(() => JobStatus)
  status!: JobStatus;

  @Field(() => Float, { description: 'Fraction done, 0 to 1.' })
  progress!: number;

  @Field(() => String, { nullable: true, description: 'What the job is doing now, e.g. "batch 3/8".' })
  message!: string | null;

  @Field(() => Int, {
    description: 'Attempts started so far (retries after a crash or a transient error count).',
  })
  attempts!: number;

  @Field(() => String, {
    nullable: true,
    description: 'host:pid of the worker process that ran the last attempt.',
  })
  worker!: string | null;

  @Field(() => JobError, { nullable: true })
  error!: JobError | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Float, {
    nullable: true,
    description: 'Seconds from start to finish (or to now while running).',
  })
  durationSeconds!: number | null;

  @Field(() => String, {
    description: 'Type of the entity this job produces: Dataset, Model, Inversion, ...',
  })
  subjectType!: SubjectType;

  @Field(() => ID, { description: 'Id of the entity this job produces.' })
  subjectId!: string;
}
