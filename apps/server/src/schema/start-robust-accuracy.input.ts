import { IsOptional, IsPositive, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { Norm } from './enums.js';

/** Accuracy of a model under a PGD attack (SPEC §6); step size defaults to 2.5 * eps / steps. */
@InputType()
export class StartRobustAccuracyInput {
  @Field(() => ID)
  modelId!: string;

  @Field(() => ID)
  datasetId!: string;

  @Field(() => Norm, { defaultValue: Norm.L2 })
  norm!: Norm;

  @Field(() => Float)
  @Min(0)
  eps!: number;

  @Field(() => Int, { defaultValue: 20 })
  @Min(1)
  @Max(10_000)
  steps!: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsPositive()
  stepSize?: number | null;

  @Field(() => Int, {
    defaultValue: 1,
    description: 'More than 1 starts each restart at a random point of the ball.',
  })
  @Min(1)
  @Max(100)
  restarts!: number;

  @Field(() => Int, { defaultValue: 1000, description: 'Images attacked (the first N of the dataset).' })
  @Min(1)
  count!: number;

  @Field(() => Int, { defaultValue: 0 })
  @Min(0)
  seed!: number;
}

/** The input of the deprecated mutation evaluateRobustness (use startRobustAccuracy and StartRobustAccuracyInput). */
@InputType({
  description:
    'Deprecated: the input of evaluateRobustness; use startRobustAccuracy with StartRobustAccuracyInput.',
})
export class EvaluateRobustnessInput extends StartRobustAccuracyInput {}
