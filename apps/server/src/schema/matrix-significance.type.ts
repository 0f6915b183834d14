import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/**
 * The marks of a whole matrix (issue 9, docs/statistics.md §4): each off-diagonal cell's permutation p-value,
 * adjusted by Benjamini-Hochberg across the matrix (a natural matrix counts each pair once), and whether it is
 * distinguishable from the null at alpha. Rows and columns in the matrix's model order.
 */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class MatrixSignificance {
  @Field(() => String, { description: "'benjamini-hochberg'." })
  correction!: string;

  @Field(() => Float)
  alpha!: number;

  @Field(() => String, { description: "Whose p-values: 'debiased' CKA's null, or the matrix 'metric''s." })
  pValues!: string;

  @Field(() => Int, { description: 'Null shuffles K per cell (p >= 1 / (K + 1)).' })
  permutations!: number;

  @Field(() => Int, { description: 'Tests m corrected together.' })
  tests!: number;

  @Field(() => Boolean, { description: 'Cells (r, c) and (c, r) are one test (a natural matrix).' })
  symmetric!: boolean;

  @Field(() => Boolean, { description: 'Whether K lets the correction reject anything at all.' })
  canReject!: boolean;

  @Field(() => Int, { description: 'Tests distinguishable from the null.' })
  distinguishableCount!: number;

  @Field(() => [[Float]], { nullable: 'items', description: 'adjusted[row][column]; null on the diagonal.' })
  adjusted!: (number | null)[][];

  @Field(() => [[Boolean]], {
    nullable: 'items',
    description: 'distinguishable[row][column]; null on the diagonal.',
  })
  distinguishable!: (boolean | null)[][];
}
