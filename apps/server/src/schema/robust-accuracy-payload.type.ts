import { Field, ObjectType } from 'type-graphql';
import { Job } from './job.type.js';
import { RobustAccuracy } from './robust-accuracy.type.js';

/** What evaluateRobustness returns: the evaluation (new, or the stored one for the same request) and the job that fills it. */
@ObjectType()
export class RobustAccuracyPayload {
  @Field(() => RobustAccuracy)
  evaluation!: RobustAccuracy;

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
