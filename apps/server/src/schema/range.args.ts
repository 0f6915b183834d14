import { IsOptional, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';

/** A window on a long list (an inversion's pairs or batches), so a view of 32 need not load 100,000. */
@ArgsType()
export class RangeArgs {
  @Field(() => Int, { defaultValue: 0, description: 'Index of the first item (0-based).' })
  @Min(0)
  start!: number;

  @Field(() => Int, { nullable: true, description: 'How many items from start; all the rest when omitted.' })
  @IsOptional()
  @Min(1)
  count?: number | null;
}

/** The items of `range`; an empty list where start is past the end. */
export function sliceRange<T>(items: readonly T[], range: RangeArgs): T[] {
  return items.slice(range.start, range.count ? range.start + range.count : undefined);
}
