import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Metric, StudyPresetName } from './enums.js';
import { InversionParametersInput } from './inversion-parameters.input.js';
import { SimilarityOptionsInput } from './similarity-options.input.js';
import { StirOptionsInput } from './stir-options.input.js';

/**
 * The paper's experiment over a set of models (SPEC §1, §5, §6): the pairs' targets as natural images, one
 * inversion per model, the natural and inverted matrices, prediction agreement and the robustness trend. The
 * same pipeline as `simlab study`: a preset gives every value and each field given here replaces one.
 */
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

  @Field(() => StudyPresetName, { defaultValue: StudyPresetName.QUICK })
  preset!: StudyPresetName;

  @Field(() => Int, {
    nullable: true,
    deprecationReason:
      "The natural matrix is computed on the pairs' targets (SPEC §5), as `simlab study` does; use pairCount.",
    description: 'Ignored.',
  })
  @IsOptional()
  @Min(4)
  @Max(100_000)
  sampleCount?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Seed/target pairs per inversion; the targets are the natural images. Default: the preset's.",
  })
  @IsOptional()
  @Min(4)
  @Max(100_000)
  pairCount?: number | null;

  @Field(() => Int, { nullable: true, description: "Seed of the pair sampling. Default: the preset's (0)." })
  @IsOptional()
  @Min(0)
  pairSeed?: number | null;

  @Field(() => InversionParametersInput, {
    nullable: true,
    description: "Inversion settings; each one omitted is the preset's.",
  })
  @IsOptional()
  @ValidateNested()
  inversion?: InversionParametersInput | null;

  @Field(() => SimilarityOptionsInput, {
    nullable: true,
    description: "Cell statistics; each one omitted is the preset's.",
  })
  @IsOptional()
  @ValidateNested()
  options?: SimilarityOptionsInput | null;

  @Field(() => [Int], {
    nullable: true,
    description:
      'Convergence checkpoints (iterations): the inverted matrix also on the images each inversion held at these ' +
      "iterations, from the same run; [] for none. Default: the preset's (QUICK none, PAPER 50, 200, 500, 1000, 2000).",
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  convergence?: number[] | null;

  @Field(() => StirOptionsInput, {
    nullable: true,
    description:
      "STIR (SPEC §5), both directions of every pair. Default: the preset's (QUICK off, PAPER on).",
  })
  @IsOptional()
  @ValidateNested()
  stir?: StirOptionsInput | null;
}
