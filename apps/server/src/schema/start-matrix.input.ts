import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Metric, SimilaritySource } from './enums.js';
import { InversionParametersInput } from './inversion-parameters.input.js';
import { SimilarityOptionsInput } from './similarity-options.input.js';

/**
 * Models x models (SPEC §5). NATURAL: every pair on the same `sampleCount` images. INVERTED: row r on the
 * dataset inverted through model r (`pairCount` pairs, made or reused with `inversion` parameters).
 */
@InputType()
export class StartMatrixInput {
  @Field(() => Metric, { defaultValue: Metric.LINEAR })
  metric!: Metric;

  @Field(() => SimilaritySource)
  source!: SimilaritySource;

  @Field(() => [ID], { description: '2 to 50 models, in row order.' })
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  modelIds!: string[];

  @Field(() => ID)
  datasetId!: string;

  @Field(() => String, {
    nullable: true,
    description: "Layer for every model; default each model's representation.",
  })
  layer?: string | null;

  @Field(() => Int, { nullable: true, description: 'NATURAL: images sampled (default all, at most 10000).' })
  @IsOptional()
  @Min(4)
  @Max(100_000)
  sampleCount?: number | null;

  @Field(() => Int, { nullable: true, description: 'INVERTED: pairs per row model.' })
  @IsOptional()
  @Min(4)
  @Max(100_000)
  pairCount?: number | null;

  @Field(() => Int, {
    defaultValue: 0,
    description: 'INVERTED: seed of the pair sampler (the same pairs for every row).',
  })
  @Min(0)
  pairSeed!: number;

  @Field(() => InversionParametersInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  inversion?: InversionParametersInput | null;

  @Field(() => SimilarityOptionsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  options?: SimilarityOptionsInput | null;
}

/** The input of the deprecated mutation computeMatrix (use startMatrix and StartMatrixInput). */
@InputType({ description: 'Deprecated: the input of computeMatrix; use startMatrix with StartMatrixInput.' })
export class ComputeMatrixInput extends StartMatrixInput {}
