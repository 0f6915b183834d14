import { INVERSION_DEFAULTS } from '@simlab/compute';
import { IsOptional, IsPositive, Max, Min } from 'class-validator';
import { Field, Float, InputType, Int } from 'type-graphql';
import type { InversionParameters } from './inversion-parameters.type.js';

const d = INVERSION_DEFAULTS;

/**
 * Inversion parameters (SPEC §4). Each one omitted takes compute's default (the UAI 2022 paper's, the values
 * below) or, in a study, its preset's.
 */
@InputType()
export class InversionParametersInput implements Partial<InversionParameters> {
  @Field(() => Float, { nullable: true, description: `L2 length of each step (default ${d.stepSize}).` })
  @IsOptional()
  @IsPositive()
  stepSize?: number;

  @Field(() => Int, { nullable: true, description: `Steps per batch (default ${d.iterations}).` })
  @IsOptional()
  @Min(0)
  @Max(100_000)
  iterations?: number;

  @Field(() => Float, { nullable: true, description: `Momentum in [0, 1) (default ${d.momentum}).` })
  @IsOptional()
  @Min(0)
  @Max(0.999999)
  momentum?: number;

  @Field(() => Float, { nullable: true, description: `L2 radius around each seed (default ${d.eps}).` })
  @IsOptional()
  @IsPositive()
  eps?: number;

  @Field(() => Boolean, {
    nullable: true,
    description: `Return the lowest-loss iterate (default ${d.useBest}).`,
  })
  @IsOptional()
  useBest?: boolean;

  @Field(() => Int, { nullable: true, description: `Pairs per batch (default ${d.batchSize}).` })
  @IsOptional()
  @Min(1)
  @Max(1024)
  batchSize?: number;

  @Field(() => Boolean, {
    nullable: true,
    description: `Identity gradient through the final ReLU, STIR (default ${d.fakeRelu}).`,
  })
  @IsOptional()
  fakeRelu?: boolean;
}
