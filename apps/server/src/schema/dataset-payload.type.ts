import { Field, ObjectType } from 'type-graphql';
import { Dataset } from './dataset.type.js';
import { Job } from './job.type.js';

/** What registerDataset returns: the dataset (new, or the stored one for the same request) and the job that fills it. */
@ObjectType()
export class DatasetPayload {
  @Field(() => Dataset)
  dataset!: Dataset;

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
