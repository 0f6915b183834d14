import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/**
 * A grouped-jackknife interval (docs/statistics.md §1): the inputs split into G groups, each left out in turn,
 * t quantile with G - 1 degrees of freedom. It never pairs an input with itself, unlike a bootstrap over inputs.
 */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class JackknifeInterval {
  @Field(() => String, { description: "'grouped-jackknife'." })
  method!: string;

  @Field(() => Float, { description: 'Coverage asked for, e.g. 0.95.' })
  level!: number;

  @Field(() => Int, { description: 'Groups G (replicates).' })
  groups!: number;

  @Field(() => Float)
  lower!: number;

  @Field(() => Float)
  upper!: number;

  @Field(() => Float, { description: 'The estimate on all inputs the interval is centred on.' })
  estimate!: number;

  @Field(() => Float, { description: 'Jackknife standard error of the estimate.' })
  standardError!: number;

  @Field(() => String, {
    description:
      'What the interval covers: the population CKA (debiased), or the expected biased CKA at this n, p, q ' +
      '(biased: not the population value).',
  })
  covers!: string;
}
