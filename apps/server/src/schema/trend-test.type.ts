import { Directive, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArchitectureSlope } from './architecture-slope.type.js';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/** What a trend test correlates similarity with (SPEC §6). */
export enum TrendCovariate {
  /** Training eps. */
  EPS = 'eps',
  /** Measured accuracy under attack on the model cards' common robustness grid. */
  ROBUST_ACCURACY = 'robustAccuracy',
}

registerEnumType(TrendCovariate, { name: 'TrendCovariate' });

/**
 * One trend test of a study (SPEC §6, issue 9): Spearman's rho between a covariate and a per-model mean
 * similarity to the models of other architectures, with a permutation p-value that shuffles the covariate
 * within architecture (row means are not independent and eps is tied many ways), and per-architecture slopes.
 */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class TrendTest {
  @Field(() => String, {
    description: 'invertedRowMean, invertedColumnMean, naturalRowMean or naturalColumnMean.',
  })
  measure!: string;

  @Field(() => String, { description: "The matrix: 'inverted' or 'natural'." })
  source!: string;

  @Field(() => String, {
    description:
      "'row': others measured on this model's inversions (row mean); 'column': this model on others' (column mean).",
  })
  axis!: string;

  @Field(() => TrendCovariate)
  covariate!: TrendCovariate;

  @Field(() => String, { description: 'Threat model of the robust models tested (eps 0 models join each).' })
  norm!: string;

  @Field(() => Float, { nullable: true, description: "Spearman's rho (average ranks for ties)." })
  rho!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Two-sided permutation p-value, (1 + #{|rho_perm| >= |rho|}) / (K + 1).',
  })
  pValue!: number | null;

  @Field(() => Int, { description: 'Models tested.' })
  n!: number;

  @Field(() => Int, { description: 'Within-architecture shuffles K.' })
  permutations!: number;

  @Field(() => Int)
  seed!: number;

  @Field(() => String, { description: "'within-architecture'." })
  shuffle!: string;

  @Field(() => [ArchitectureSlope])
  slopes!: ArchitectureSlope[];

  @Field(() => Float, { nullable: true, description: 'Mean of the non-null slopes.' })
  meanSlope!: number | null;
}
