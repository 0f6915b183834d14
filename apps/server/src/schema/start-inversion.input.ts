import { IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { InversionParametersInput } from './inversion-parameters.input.js';

/** Invert `pairCount` seed/target pairs (different labels, sampled with `pairSeed`) through a model (SPEC §4). */
@InputType()
export class StartInversionInput {
  @Field(() => ID)
  modelId!: string;

  @Field(() => ID, { description: 'Seeds and targets are drawn from it.' })
  datasetId!: string;

  @Field(() => Int)
  @Min(1)
  @Max(100_000)
  pairCount!: number;

  @Field(() => Int, { defaultValue: 0 })
  @Min(0)
  pairSeed!: number;

  @Field(() => InversionParametersInput, {
    nullable: true,
    description: "Omitted fields take the paper's defaults.",
  })
  @IsOptional()
  @ValidateNested()
  parameters?: InversionParametersInput | null;
}
