import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { CkaStatistics } from './cka-statistics.type.js';
import { ConfidenceInterval } from './confidence-interval.type.js';
import { EntityStatus, Metric, SimilaritySource } from './enums.js';
import { NullBaseline } from './null-baseline.type.js';
import { PredictionAgreement } from './prediction-agreement.type.js';
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

  @Field(() => CkaStatistics, {
    nullable: true,
    description:
      'Debiased CKA (unbiased HSIC) with its interval, which covers the population CKA, and its permutation null. ' +
      'Quote it first. Null for rbf and minibatch CKA and for results stored before it existed.',
  })
  debiased!: CkaStatistics | null;

  @Field(() => CkaStatistics, {
    nullable: true,
    description:
      'Biased (linear) CKA with its interval, which covers the expected biased CKA at this n, p, q (not the ' +
      'population value), and its permutation null.',
  })
  biased!: CkaStatistics | null;

  @Field(() => NullBaseline, { nullable: true, description: "The permutation null of the metric's value." })
  nullBaseline!: NullBaseline | null;

  @Field(() => ConfidenceInterval, {
    nullable: true,
    deprecationReason:
      "The interval of the metric's value, without saying what it covers: use debiased.interval and biased.interval.",
  })
  confidenceInterval!: ConfidenceInterval | null;

  @Field(() => PredictionAgreement, {
    nullable: true,
    description: "Cells on a study's inverted images: the column model's prediction agreement (SPEC §5).",
  })
  agreement!: PredictionAgreement | null;

  @Field(() => Int, {
    nullable: true,
    description: "A study's convergence cell: on the images its inversion held at this iteration; else null.",
  })
  checkpointIteration!: number | null;

  @Field(() => Boolean, {
    description:
      "A study's STIR cell: model A on the natural images against model A on the STIR inversion (noise seeds) " +
      'through the row model (SPEC §5).',
  })
  stir!: boolean;

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
