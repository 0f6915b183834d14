import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';
import { StudyTrendPoint } from './study-trend-point.type.js';
import { TrendTest } from './trend-test.type.js';

/** The study's robustness trend (SPEC §6), as its report holds it: points, every test, and what was not tested. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class StudyTrend {
  @Field(() => String, { description: "What the means average: 'cross-architecture' cells." })
  cells!: string;

  @Field(() => String, { description: "Whose values: 'debiased' CKA's, or the matrix metric's." })
  values!: string;

  @Field(() => [StudyTrendPoint], { description: "In the order of the study's models." })
  points!: StudyTrendPoint[];

  @Field(() => [TrendTest])
  tests!: TrendTest[];

  @Field(() => [String], { description: 'Tests that were not run, and why.' })
  notes!: string[];

  @Field(() => Float, { nullable: true, description: 'Grid eps of the robust-accuracy covariate.' })
  robustAccuracyEps!: number | null;

  @Field(() => String, { nullable: true, description: "The grid's attack norm." })
  robustAccuracyNorm!: string | null;

  @Field(() => [ID], { description: 'Models whose cards have no robustness grid.' })
  modelsWithoutRobustAccuracy!: string[];
}
