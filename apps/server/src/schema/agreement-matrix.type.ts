import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/**
 * Prediction agreement on the inverted images (SPEC §5), beside CKA: target[r][c] is the share of model r's
 * inversions that model c classifies as the pair's target label, seed[r][c] as its seed's. Rows and columns in
 * the order of the study's models.
 */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class AgreementMatrix {
  @Field(() => [[Float]], { nullable: 'items' })
  target!: (number | null)[][];

  @Field(() => [[Float]], { nullable: 'items' })
  seed!: (number | null)[][];

  @Field(() => Float, { nullable: true, description: 'Mean of target over r != c.' })
  targetOffDiagonalMean!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean of seed over r != c.' })
  seedOffDiagonalMean!: number | null;
}
