import { Field, ObjectType } from 'type-graphql';

/** Relay page info: lists are newest first; pass `endCursor` as `after` for the next page. */
@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
