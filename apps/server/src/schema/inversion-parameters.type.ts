import { Field, Float, Int, ObjectType } from 'type-graphql';

/** Every inversion parameter, defaults filled in (SPEC §4; defaults are the UAI 2022 paper's). */
@ObjectType()
export class InversionParameters {
  @Field(() => Float)
  stepSize!: number;

  @Field(() => Int)
  iterations!: number;

  @Field(() => Float)
  momentum!: number;

  @Field(() => Float, {
    description: 'L2 radius around the seed; 1000 leaves the ball effectively unconstrained.',
  })
  eps!: number;

  @Field(() => Boolean)
  useBest!: boolean;

  @Field(() => Int)
  batchSize!: number;

  @Field(() => Boolean, { description: 'STIR-style fake-ReLU gradient (off in the paper).' })
  fakeRelu!: boolean;

  @Field(() => String, { description: 'Layer whose output is matched; "representation" by default.' })
  layer!: string;
}
