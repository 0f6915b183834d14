import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ArchitectureOrigin } from './enums.js';

/**
 * A network architecture; models are trained or imported instances of it, and trends group models by it. Either
 * one of compute's zoo families (ZOO) or one a user named when importing a model of their own (IMPORTED).
 */
@ObjectType()
export class Architecture {
  @Field(() => ID, {
    description: 'Stable id: mlp, lenet, vgg, resnet, mobilenet, mixer, or the name given at import.',
  })
  id!: string;

  @Field(() => String, { description: 'Family, e.g. "resnet" (an imported one: as given, else its id).' })
  family!: string;

  @Field(() => String)
  description!: string;

  @Field(() => ArchitectureOrigin, { description: "ZOO (compute's registry) or IMPORTED (named by a user)." })
  origin!: ArchitectureOrigin;

  @Field(() => Int, {
    nullable: true,
    description:
      'Length of the default representation (the layer before the logits); null for an imported architecture ' +
      'until its first model is verified.',
  })
  representationSize!: number | null;
}
