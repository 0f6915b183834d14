import { IsOptional, Max, Min } from 'class-validator';
import { Field, Float, InputType, Int } from 'type-graphql';

/**
 * Null baseline and interval per CKA value (SPEC §3, §5); 0 skips each. Each one omitted is 0 (0.95 for the
 * confidence level) or, in a study, its preset's.
 */
@InputType()
export class SimilarityOptionsInput {
  @Field(() => Int, { nullable: true, description: 'Row shuffles for the null baseline.' })
  @IsOptional()
  @Min(0)
  @Max(10_000)
  nullPermutations?: number;

  @Field(() => Int, { nullable: true, description: 'Resamples for the interval (0 or >= 2).' })
  @IsOptional()
  @Min(0)
  @Max(10_000)
  bootstrapResamples?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0.5)
  @Max(0.999)
  confidenceLevel?: number;

  @Field(() => Int, { nullable: true, description: 'Seed of shuffles, resamples and image sampling.' })
  @IsOptional()
  @Min(0)
  seed?: number;
}
