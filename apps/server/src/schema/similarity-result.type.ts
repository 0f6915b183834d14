import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ConfidenceInterval } from './confidence-interval.type.js';
import { EntityStatus, Metric, SimilaritySource } from './enums.js';
import { NullBaseline } from './null-baseline.type.js';
import { Provenance } from './provenance.type.js';

/** CKA between two models' layers on natural images or on an inverted dataset (SPEC §3, §5). */
@ObjectType()
export class SimilarityResult {
  @Field(() => ID)
  id!: string;

  @Field(() => Metric)
  metric!: Metric;

  @Field(() => SimilaritySource)
  source!: SimilaritySource;

  @Field(() => String)
  layerA!: string;

  @Field(() => String)
  layerB!: string;

  @Field(() => EntityStatus)
  status!: EntityStatus;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Int, { nullable: true, description: 'Inputs compared.' })
  n!: number | null;

  @Field(() => Int, { nullable: true, description: 'Units of layer A.' })
  p!: number | null;

  @Field(() => Int, { nullable: true, description: 'Units of layer B.' })
  q!: number | null;

  @Field(() => NullBaseline, { nullable: true })
  nullBaseline!: NullBaseline | null;

  @Field(() => ConfidenceInterval, { nullable: true })
  confidenceInterval!: ConfidenceInterval | null;

  @Field(() => Provenance, { nullable: true })
  provenance!: Provenance | null;

  @Field(() => Date)
  createdAt!: Date;

  modelAId!: string;
  modelBId!: string;
  datasetId!: string | null;
  inversionId!: string | null;
  jobId!: string | null;
}
