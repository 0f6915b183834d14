import { Field, Float, Int, ObjectType } from 'type-graphql';

/** Bootstrap interval over resampled inputs (SPEC §5). */
@ObjectType()
export class ConfidenceInterval {
  @Field(() => Float)
  low!: number;

  @Field(() => Float)
  high!: number;

  @Field(() => Float, { description: 'Coverage, e.g. 0.95.' })
  level!: number;

  @Field(() => Int)
  resamples!: number;
}
