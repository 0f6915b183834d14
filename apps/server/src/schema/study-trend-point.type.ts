import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/** One model of a study's trend: its robustness and its mean similarity to the models of other architectures. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class StudyTrendPoint {
  @Field(() => ID)
  modelId!: string;

  @Field(() => String)
  architectureId!: string;

  @Field(() => Float)
  eps!: number;

  @Field(() => String)
  norm!: string;

  @Field(() => Float, {
    nullable: true,
    description: "Accuracy on its card's robustness grid at the study's eps; null without a grid.",
  })
  robustAccuracy!: number | null;

  @Field(() => Float, { nullable: true })
  invertedRowMean!: number | null;

  @Field(() => Float, { nullable: true })
  invertedColumnMean!: number | null;

  @Field(() => Float, { nullable: true })
  naturalRowMean!: number | null;

  @Field(() => Float, { nullable: true })
  naturalColumnMean!: number | null;
}
