import { Field, Float, Int, ObjectType } from 'type-graphql';

/** The same CKA after shuffling one side's rows, repeated (SPEC §3): what "unrelated" scores. */
@ObjectType()
export class NullBaseline {
  @Field(() => Float)
  mean!: number;

  @Field(() => Float)
  std!: number;

  @Field(() => Int)
  permutations!: number;
}
