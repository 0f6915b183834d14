import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/** Means over a matrix's off-diagonal cells: of the matrix metric, and of biased and debiased CKA. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class OffDiagonalMeans {
  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Float, { nullable: true, description: 'Null for metrics without it (rbf, minibatch).' })
  debiased!: number | null;

  @Field(() => Float, { nullable: true })
  biased!: number | null;
}
