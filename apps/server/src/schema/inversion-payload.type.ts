import { Field, ObjectType } from 'type-graphql';
import { Inversion } from './inversion.type.js';
import { Job } from './job.type.js';

/** What startInversion returns: the inversion (new, or the stored one for the same request) and the job that fills it. */
@ObjectType()
export class InversionPayload {
  @Field(() => Inversion)
  inversion!: Inversion;

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
