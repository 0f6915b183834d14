import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Metric } from './enums.js';
import { InversionParametersInput } from './inversion-parameters.input.js';
import { SimilarityOptionsInput } from './similarity-options.input.js';

/** The paper's experiment over a set of models: the natural matrix, the inverted matrix and the robustness trend. */
@InputType()
export class StartStudyInput {
  @Field(() => String)
  @Length(1, 200)
  name!: string;

  @Field(() => [ID])
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  modelIds!: string[];

  @Field(() => ID)
  datasetId!: string;

  @Field(() => Metric, { defaultValue: Metric.LINEAR })
  metric!: Metric;

  @Field(() => Int, { defaultValue: 1000, description: 'Natural matrix: images sampled.' })
  @Min(4)
  @Max(100_000)
  sampleCount!: number;

  @Field(() => Int, { defaultValue: 256, description: 'Inverted matrix: pairs per row model.' })
  @Min(4)
  @Max(100_000)
  pairCount!: number;

  @Field(() => Int, { defaultValue: 0 })
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
