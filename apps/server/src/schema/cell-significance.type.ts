import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/**
 * Whether a cell can be told from the permutation null after correcting for every cell of its matrix
 * (issue 9): its p-value adjusted across the matrix's off-diagonal cells and the mark at `alpha`.
 */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class CellSignificance {
  @Field(() => String, { description: "The multiple-comparison correction: 'benjamini-hochberg'." })
  correction!: string;

  @Field(() => Float)
  alpha!: number;

  @Field(() => Int, { description: 'Tests corrected together (off-diagonal cells; pairs when symmetric).' })
  tests!: number;

  @Field(() => String, { description: "Whose p-values: 'debiased' CKA's null, or the matrix 'metric''s." })
  pValues!: string;

  @Field(() => Float, { nullable: true, description: 'Adjusted p-value; null on the diagonal.' })
  adjustedP!: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Adjusted p <= alpha: distinguishable from the null; null on the diagonal (not tested).',
  })
  distinguishableFromNull!: boolean | null;
}
