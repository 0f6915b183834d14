import { Directive, Field, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { Headline } from './headline.type.js';

/** The three like-for-like selections of one matrix (STIR, a convergence checkpoint), each null when empty. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class HeadlineBlocks {
  @Field(() => Headline, { nullable: true, description: 'Eps 0 models of different architectures.' })
  paper!: Headline | null;

  @Field(() => Headline, { nullable: true, description: 'Models of different architectures.' })
  crossArchitecture!: Headline | null;

  @Field(() => Headline, { nullable: true, description: 'Models of the same architecture.' })
  sameArchitecture!: Headline | null;
}
