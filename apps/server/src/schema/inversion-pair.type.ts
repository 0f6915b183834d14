import { Field, Int, ObjectType } from 'type-graphql';

/** One seed/target pair of an inversion (SPEC §4): indices into the dataset, and their (different) labels. */
@ObjectType()
export class InversionPair {
  @Field(() => Int, { description: 'Position in the inverted dataset.' })
  index!: number;

  @Field(() => Int)
  seedIndex!: number;

  @Field(() => Int)
  targetIndex!: number;

  @Field(() => Int)
  seedLabel!: number;

  @Field(() => Int, { description: 'The inverted image keeps this label for analysis.' })
  targetLabel!: number;
}
