import { STIR_DEFAULTS } from '@simlab/compute';
import { IsOptional, IsPositive, Max, Min } from 'class-validator';
import { Field, Float, InputType, Int, registerEnumType } from 'type-graphql';

const d = STIR_DEFAULTS;

/** Distribution of STIR's noise seeds (compute's noiseImages). */
export enum StirNoise {
  NORMAL = 'normal',
  UNIFORM = 'uniform',
}

registerEnumType(StirNoise, { name: 'StirNoise', description: "Distribution of STIR's noise seeds." });

/**
 * STIR in a study (SPEC §5; docs/stir.md): X' inverted from noise through each model, then STIR(M_c | M_r) for
 * every pair, both directions. Each value omitted is STIR's default (Nanda et al.'s published settings).
 */
@InputType()
export class StirOptionsInput {
  @Field(() => Boolean, { defaultValue: true, description: 'false: no STIR in this study.' })
  enabled!: boolean;

  @Field(() => Int, { nullable: true, description: `Inversion steps (default ${d.inversion.iterations}).` })
  @IsOptional()
  @Min(1)
  @Max(100_000)
  iterations?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: `Normalised-gradient step (default ${d.inversion.stepSize}).`,
  })
  @IsOptional()
  @IsPositive()
  stepSize?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: `Images per inversion batch (default ${d.inversion.batchSize}).`,
  })
  @IsOptional()
  @Min(1)
  @Max(4096)
  batchSize?: number | null;

  @Field(() => StirNoise, { nullable: true, description: `Seed noise (default ${d.noise}).` })
  @IsOptional()
  noise?: StirNoise | null;

  @Field(() => Int, { nullable: true, description: `Seed of the noise (default ${d.noiseSeed}).` })
  @IsOptional()
  @Min(0)
  noiseSeed?: number | null;
}
