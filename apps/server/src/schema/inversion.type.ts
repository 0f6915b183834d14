import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { EntityStatus } from './enums.js';
import { InversionParameters } from './inversion-parameters.type.js';
import { Provenance } from './provenance.type.js';

/** An inverted dataset made through one model (SPEC §4): pairs, parameters, progress, losses and images. */
@ObjectType()
export class Inversion {
  @Field(() => ID)
  id!: string;

  @Field(() => EntityStatus)
  status!: EntityStatus;

  @Field(() => Int)
  pairCount!: number;

  @Field(() => Int, { description: 'Seed of the pair sampler.' })
  pairSeed!: number;

  @Field(() => InversionParameters)
  parameters!: InversionParameters;

  @Field(() => Int)
  batchCount!: number;

  @Field(() => Int)
  batchesDone!: number;

  @Field(() => Float, { description: 'batchesDone / batchCount.' })
  progress!: number;

  @Field(() => Float, { nullable: true, description: 'Mean final loss over all pairs (once READY).' })
  meanFinalLoss!: number | null;

  @Field(() => Provenance, { nullable: true })
  provenance!: Provenance | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  modelId!: string;
  datasetId!: string;
  jobId!: string | null;
}
