import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/** Within one architecture, the OLS slope of similarity on the trend's covariate. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class ArchitectureSlope {
  @Field(() => String)
  architectureId!: string;

  @Field(() => Int)
  models!: number;

  @Field(() => Float, { nullable: true, description: 'Null with fewer than 2 distinct covariate values.' })
  slope!: number | null;
}
