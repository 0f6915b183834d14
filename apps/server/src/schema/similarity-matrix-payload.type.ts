import { Field, ObjectType } from 'type-graphql';
import { Job } from './job.type.js';
import { SimilarityMatrix } from './similarity-matrix.type.js';

/** What computeMatrix returns: the matrix (new, or the stored one for the same request) and the job that fills it. */
@ObjectType()
export class SimilarityMatrixPayload {
  @Field(() => SimilarityMatrix)
  matrix!: SimilarityMatrix;

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
