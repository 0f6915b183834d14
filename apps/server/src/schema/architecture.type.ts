import { Field, ID, Int, ObjectType } from 'type-graphql';

/** A network family in the zoo (compute's architecture registry); models are trained instances of it. */
@ObjectType()
export class Architecture {
  @Field(() => ID, { description: 'Stable id: mlp, lenet, vgg, resnet, mobilenet, mixer.' })
  id!: string;

  @Field(() => String)
  family!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Int, { description: 'Length of the default representation (the layer before the logits).' })
  representationSize!: number;
}
