import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { HeadlineComparison } from './headline-comparison.type.js';

/**
 * The study's like-for-like headlines (SPEC §5, issue 9), three selections kept apart, never one mean over
 * everything. Each is null when the zoo has no such cells.
 */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class StudyHeadlines {
  @Field(() => Float, { description: 'Interval coverage.' })
  level!: number;

  @Field(() => Int, { description: 'Jackknife groups G per cell (0: means only).' })
  groups!: number;

  @Field(() => String, { description: "What the debiased intervals cover: 'the population CKA'." })
  debiasedCovers!: string;

  @Field(() => String, { description: 'What the biased intervals cover (not the population value).' })
  biasedCovers!: string;

  @Field(() => HeadlineComparison, {
    nullable: true,
    description: "(a) The paper's comparison: eps 0 models of different architectures.",
  })
  paper!: HeadlineComparison | null;

  @Field(() => HeadlineComparison, {
    nullable: true,
    description: '(b) All cells whose models differ in architecture.',
  })
  crossArchitecture!: HeadlineComparison | null;

  @Field(() => HeadlineComparison, {
    nullable: true,
    description: '(c) Cells whose models share an architecture (seed replicates, eps siblings).',
  })
  sameArchitecture!: HeadlineComparison | null;
}
