import { Directive, Field, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { Headline } from './headline.type.js';
import { HeadlineDifference } from './headline-difference.type.js';

/** One like-for-like selection of cells in the natural and inverted matrices, and their difference. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class HeadlineComparison {
  @Field(() => Headline)
  natural!: Headline;

  @Field(() => Headline)
  inverted!: Headline;

  @Field(() => HeadlineDifference, { description: 'natural - inverted.' })
  difference!: HeadlineDifference;
}
