import { IsPositive, Max, Min } from 'class-validator';
import { Field, Float, InputType, Int } from 'type-graphql';
import type { InversionParameters } from './inversion-parameters.type.js';

/** Inversion parameters (SPEC §4); every default is the UAI 2022 paper's. */
@InputType()
export class InversionParametersInput implements Partial<InversionParameters> {
  @Field(() => Float, { defaultValue: 0.125 })
  @IsPositive()
  stepSize!: number;

  @Field(() => Int, { defaultValue: 2000 })
  @Min(0)
  @Max(100_000)
  iterations!: number;

  @Field(() => Float, { defaultValue: 0.9 })
  @Min(0)
  @Max(0.999999)
  momentum!: number;

  @Field(() => Float, { defaultValue: 1000 })
  @IsPositive()
  eps!: number;

  @Field(() => Boolean, { defaultValue: true })
  useBest!: boolean;

  @Field(() => Int, { defaultValue: 32 })
  @Min(1)
  @Max(1024)
  batchSize!: number;

  @Field(() => Boolean, { defaultValue: false })
  fakeRelu!: boolean;
}
