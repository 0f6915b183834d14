import { Field, ID, Int, ObjectType } from 'type-graphql';
import { EntityStatus } from './enums.js';

/** A labelled image dataset; its content hash identifies it in provenance (SPEC §7). */
@ObjectType()
export class Dataset {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, {
    description:
      "What was registered: 'mnist', 'fashion-mnist', a server path, or `upload:<id>,<id>` for uploads.",
  })
  source!: string;

  @Field(() => String, { nullable: true, description: "IDX sources: 'train' or 'test'." })
  split!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the loader read, e.g. an IDX directory (once READY).',
  })
  loader!: string | null;

  @Field(() => EntityStatus)
  status!: EntityStatus;

  @Field(() => String, {
    nullable: true,
    description: 'sha256 of shape, pixels and labels (set once READY).',
  })
  contentHash!: string | null;

  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field(() => [Int], { nullable: true, description: '[height, width, channels]' })
  imageShape!: number[] | null;

  @Field(() => [String], { nullable: true })
  classNames!: string[] | null;

  @Field(() => [Int], { nullable: true, description: 'Images per class, in the order of classNames.' })
  classCounts!: number[] | null;

  @Field(() => Boolean, {
    description:
      'Whether its pixels are stored, so images are served by index (false for datasets registered by an ' +
      'older server until they are registered again).',
  })
  imagesStored!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  jobId!: string | null;
}
