import { Field, ObjectType } from 'type-graphql';
import { Job } from './job.type.js';
import { SimilarityResult } from './similarity-result.type.js';

/** What computeSimilarity returns: the result (new, or the stored one for the same request) and the job that fills it. */
@ObjectType()
export class SimilarityResultPayload {
  @Field(() => SimilarityResult)
  result!: SimilarityResult;

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
