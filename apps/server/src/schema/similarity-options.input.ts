import { Max, Min } from 'class-validator';
import { Field, Float, InputType, Int } from 'type-graphql';

/** Null baseline and bootstrap interval per CKA value (SPEC §3, §5); 0 skips each. */
@InputType()
export class SimilarityOptionsInput {
  @Field(() => Int, { defaultValue: 0, description: 'Row shuffles for the null baseline.' })
  @Min(0)
  @Max(10_000)
  nullPermutations!: number;

  @Field(() => Int, { defaultValue: 0, description: 'Resamples for the bootstrap interval (0 or >= 2).' })
  @Min(0)
  @Max(10_000)
  bootstrapResamples!: number;

  @Field(() => Float, { defaultValue: 0.95 })
  @Min(0.5)
  @Max(0.999)
  confidenceLevel!: number;

  @Field(() => Int, { defaultValue: 0, description: 'Seed of shuffles, resamples and image sampling.' })
  @Min(0)
  seed!: number;
}
