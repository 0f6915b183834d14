import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/** STIR's settings as a study ran them (docs/stir.md): X' inverted from noise with a normalised-gradient step. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class StirSettings {
  @Field(() => Int)
  iterations!: number;

  @Field(() => Float)
  stepSize!: number;

  @Field(() => Float)
  momentum!: number;

  @Field(() => Float)
  eps!: number;

  @Field(() => Boolean)
  useBest!: boolean;

  @Field(() => Int)
  batchSize!: number;

  @Field(() => Boolean, { description: 'Fake ReLU wherever the representation ends in a ReLU.' })
  fakeRelu!: boolean;

  @Field(() => String, { description: "Seed noise: 'normal' or 'uniform'." })
  noise!: string;

  @Field(() => Int)
  noiseSeed!: number;
}
