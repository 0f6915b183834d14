import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { EntityStatus, Metric, SimilaritySource } from './enums.js';
import { Provenance } from './provenance.type.js';

/**
 * Models x models for one metric (SPEC §5): on natural data (symmetric), or on each row model's inverted
 * dataset (not symmetric; diagonal 1). Cells fill in as they are computed (subscribe with `resultAdded`).
 */
@ObjectType()
export class SimilarityMatrix {
  @Field(() => ID)
  id!: string;

  @Field(() => Metric)
  metric!: Metric;

  @Field(() => SimilaritySource)
  source!: SimilaritySource;

  @Field(() => EntityStatus)
  status!: EntityStatus;

  @Field(() => Int, { description: 'Number of models (rows and columns).' })
  size!: number;

  @Field(() => Float, { nullable: true, description: 'Mean of the off-diagonal entries (once READY).' })
  offDiagonalMean!: number | null;

  @Field(() => GraphQLJSONObject, { description: 'Sample size or pairs, inversion parameters, baselines.' })
  parameters!: Record<string, unknown>;

  @Field(() => Provenance, { nullable: true })
  provenance!: Provenance | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  modelIds!: string[];
  datasetId!: string;
  jobId!: string | null;
  trend!: unknown;
  storedValues!: number[][] | null;
}
