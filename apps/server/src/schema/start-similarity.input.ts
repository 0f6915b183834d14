import { IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Metric } from './enums.js';
import { SimilarityOptionsInput } from './similarity-options.input.js';

/** CKA between two models on natural images (datasetId) or on an inverted dataset (inversionId): give one. */
@InputType()
export class StartSimilarityInput {
  @Field(() => Metric, { defaultValue: Metric.LINEAR })
  metric!: Metric;

  @Field(() => ID)
  modelAId!: string;

  @Field(() => ID)
  modelBId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Default: the representation (layer before the logits).',
  })
  layerA?: string | null;

  @Field(() => String, { nullable: true })
  layerB?: string | null;

  @Field(() => ID, { nullable: true, description: 'Natural images from this dataset.' })
  datasetId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Natural: images sampled (default all, at most 10000).' })
  @IsOptional()
  @Min(4)
  @Max(100_000)
  sampleCount?: number | null;

  @Field(() => ID, { nullable: true, description: 'The images of this (READY) inversion.' })
  inversionId?: string | null;

  @Field(() => SimilarityOptionsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  options?: SimilarityOptionsInput | null;
}

/** The input of the deprecated mutation computeSimilarity (use startSimilarity and StartSimilarityInput). */
@InputType({
  description: 'Deprecated: the input of computeSimilarity; use startSimilarity with StartSimilarityInput.',
})
export class ComputeSimilarityInput extends StartSimilarityInput {}
