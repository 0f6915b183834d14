/** List filters. Every field is optional; set fields combine with AND. */
import { IsOptional, Min } from 'class-validator';
import { Field, Float, ID, InputType } from 'type-graphql';
import { EntityStatus, JobKind, JobStatus, Metric, ModelOrigin, Norm, SimilaritySource } from './enums.js';

@InputType()
export class DatasetFilter {
  @Field(() => EntityStatus, { nullable: true })
  status?: EntityStatus | null;
}

@InputType()
export class ModelFilter {
  @Field(() => ID, { nullable: true, description: 'Architecture id, e.g. "resnet".' })
  architecture?: string | null;

  @Field(() => Float, { nullable: true, description: 'Training eps at least this.' })
  @IsOptional()
  @Min(0)
  epsMin?: number | null;

  @Field(() => Float, { nullable: true, description: 'Training eps at most this.' })
  @IsOptional()
  @Min(0)
  epsMax?: number | null;

  @Field(() => Norm, { nullable: true })
  norm?: Norm | null;

  @Field(() => EntityStatus, { nullable: true })
  status?: EntityStatus | null;

  @Field(() => ModelOrigin, { nullable: true })
  origin?: ModelOrigin | null;
}

@InputType()
export class InversionFilter {
  @Field(() => ID, { nullable: true })
  modelId?: string | null;

  @Field(() => ID, { nullable: true })
  datasetId?: string | null;

  @Field(() => EntityStatus, { nullable: true })
  status?: EntityStatus | null;
}

@InputType()
export class SimilarityResultFilter {
  @Field(() => Metric, { nullable: true })
  metric?: Metric | null;

  @Field(() => ID, { nullable: true, description: 'Results where this model is either side.' })
  modelId?: string | null;

  @Field(() => SimilaritySource, { nullable: true })
  source?: SimilaritySource | null;

  @Field(() => ID, { nullable: true })
  datasetId?: string | null;

  @Field(() => ID, { nullable: true })
  inversionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Results that are cells of this matrix.' })
  matrixId?: string | null;

  @Field(() => EntityStatus, { nullable: true })
  status?: EntityStatus | null;
}

@InputType()
export class SimilarityMatrixFilter {
  @Field(() => Metric, { nullable: true })
  metric?: Metric | null;

  @Field(() => SimilaritySource, { nullable: true })
  source?: SimilaritySource | null;

  @Field(() => EntityStatus, { nullable: true })
  status?: EntityStatus | null;

  @Field(() => ID, { nullable: true })
  datasetId?: string | null;
}

@InputType()
export class JobFilter {
  @Field(() => JobStatus, { nullable: true })
  status?: JobStatus | null;

  @Field(() => JobKind, { nullable: true })
  kind?: JobKind | null;

  @Field(() => ID, { nullable: true, description: 'Jobs producing this entity.' })
  subjectId?: string | null;
}
