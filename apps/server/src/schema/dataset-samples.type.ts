import { Field, Int, ObjectType } from 'type-graphql';

/** A dataset's sample grid: the first images of each class, grouped by class. */
@ObjectType()
export class DatasetSamples {
  @Field(() => Int, {
    description:
      'Images per class: as asked, or fewer for a dataset of many classes (a class with fewer gives all it has).',
  })
  perClass!: number;

  @Field(() => [Int], { description: 'Dataset indices, class 0 first, each class in dataset order.' })
  indices!: number[];

  @Field(() => [Int], { description: 'The label of each index, indexed like classNames.' })
  labels!: number[];

  @Field(() => String, {
    description: 'These images as float32 .npy [n, h, w, c] in [0, 1], in the order of indices.',
  })
  imagesUrl!: string;
}
