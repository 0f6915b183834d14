import { Field, Float, Int, ObjectType } from 'type-graphql';

/** One finished batch of an inversion; stored as soon as it finishes, so a restarted job resumes after it. */
@ObjectType()
export class InversionBatch {
  @Field(() => Int)
  index!: number;

  @Field(() => String, { description: 'Inverted images as float32 .npy [n, h, w, c], values in [0, 1].' })
  imagesUrl!: string;

  @Field(() => String, {
    nullable: true,
    description: 'PNG contact sheet of the batch, when one was rendered.',
  })
  previewUrl!: string | null;

  @Field(() => [Float], {
    description: 'Per pair: loss of the returned image (relative representation distance).',
  })
  losses!: number[];

  @Field(() => [Float], { description: 'Per pair: loss of the seed itself (iterate 0).' })
  seedLosses!: number[];

  @Field(() => [Int], {
    description: 'Per pair: iterations with an exactly zero gradient, in which it took no step.',
  })
  zeroGradientSteps!: number[];

  @Field(() => [Float], { description: 'Mean loss over the batch, per iterate 0..iterations.' })
  lossCurve!: number[];

  @Field(() => Float)
  seconds!: number;

  @Field(() => Int, {
    description: 'Job attempt that computed it (0 = first; higher after a crash and resume).',
  })
  attempt!: number;
}
