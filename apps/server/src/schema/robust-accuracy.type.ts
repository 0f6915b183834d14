import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { EntityStatus, Norm } from './enums.js';
import { Provenance } from './provenance.type.js';

/** Accuracy of a model under a PGD attack (SPEC §6) on a dataset. */
@ObjectType()
export class RobustAccuracy {
  @Field(() => ID)
  id!: string;

  @Field(() => EntityStatus)
  status!: EntityStatus;

  @Field(() => Norm)
  norm!: Norm;

  @Field(() => Float)
  eps!: number;

  @Field(() => Int)
  steps!: number;

  @Field(() => Float)
  stepSize!: number;

  @Field(() => Int)
  restarts!: number;

  @Field(() => Int, { description: 'Images attacked.' })
  count!: number;

  @Field(() => Float, { nullable: true })
  accuracy!: number | null;

  @Field(() => Float, { nullable: true })
  cleanAccuracy!: number | null;

  @Field(() => Provenance, { nullable: true })
  provenance!: Provenance | null;

  @Field(() => Date)
  createdAt!: Date;

  modelId!: string;
  datasetId!: string;
  jobId!: string | null;
}
