import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { HeadlineBlocks } from './headline-blocks.type.js';
import { OffDiagonalMeans } from './off-diagonal-means.type.js';

/**
 * The inverted matrix on the images every inversion held at one iteration (issue 10): checkpoints from the same
 * runs, the last iteration's being the inverted matrix itself. Checkpoint cells carry intervals, no null.
 */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class ConvergencePoint {
  @Field(() => Int)
  iteration!: number;

  @Field(() => Float, {
    nullable: true,
    description: "Mean relative loss of every model's inversions there.",
  })
  meanLoss!: number | null;

  @Field(() => [[Float]], { nullable: 'items', description: "The matrix metric's values." })
  values!: (number | null)[][];

  @Field(() => [[Float]], {
    nullable: 'itemsAndList',
    description: 'Debiased CKA; null for rbf and minibatch CKA.',
  })
  debiasedValues!: (number | null)[][] | null;

  @Field(() => OffDiagonalMeans)
  offDiagonalMean!: OffDiagonalMeans;

  @Field(() => HeadlineBlocks, { nullable: true })
  headlines!: HeadlineBlocks | null;
}
