import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { EntityStatus, ModelOrigin, Norm } from './enums.js';

/** A trained checkpoint of an architecture: its robustness (training eps) and accuracy. */
@ObjectType()
export class Model {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => EntityStatus)
  status!: EntityStatus;

  @Field(() => ModelOrigin)
  origin!: ModelOrigin;

  @Field(() => Norm, {
    nullable: true,
    description: 'Threat model of adversarial training; null for standard training.',
  })
  norm!: Norm | null;

  @Field(() => Float, { description: 'Training eps; 0 is standard training.' })
  eps!: number;

  @Field(() => Float, { nullable: true, description: 'Accuracy on the clean test set.' })
  cleanAccuracy!: number | null;

  @Field(() => String, { nullable: true, description: 'sha256 of the weight bytes (weights.bin).' })
  weightsHash!: string | null;

  @Field(() => [Int], { nullable: true, description: '[height, width, channels] of the images it takes.' })
  inputShape!: number[] | null;

  @Field(() => Int, { nullable: true })
  classes!: number | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The model card saved with the checkpoint (null for a TF.js model imported without one).',
  })
  card!: Record<string, unknown> | null;

  @Field(() => Date)
  createdAt!: Date;

  architectureId!: string;
  datasetId!: string | null;
  jobId!: string | null;
}
