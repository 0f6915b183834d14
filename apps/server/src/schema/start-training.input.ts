import { IsOptional, IsPositive, Length, Matches, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { Norm } from './enums.js';

/** Standard (eps 0) or adversarial training (Madry et al.; PGD in L2 or Linf) of a zoo architecture (SPEC §6). */
@InputType()
export class StartTrainingInput {
  @Field(() => String)
  @Length(1, 100)
  @Matches(/^[\w .-]+$/, { message: 'name may hold letters, digits, spaces, "_", "." and "-" only' })
  name!: string;

  @Field(() => ID, { description: 'mlp, lenet, vgg, resnet, mobilenet or mixer.' })
  architectureId!: string;

  @Field(() => ID, { description: 'Training images.' })
  datasetId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Images for the clean and robust accuracy on the card; default the training set.',
  })
  evaluationDatasetId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Train on the first N images only (quick runs).' })
  @IsOptional()
  @Min(1)
  trainCount?: number | null;

  @Field(() => Int, { defaultValue: 1 })
  @Min(1)
  @Max(1000)
  epochs!: number;

  @Field(() => Int, { defaultValue: 64 })
  @Min(1)
  @Max(4096)
  batchSize!: number;

  @Field(() => Float, { defaultValue: 1e-3, description: 'Adam learning rate.' })
  @IsPositive()
  @Max(10)
  learningRate!: number;

  @Field(() => Int, { defaultValue: 0, description: 'Seed of initialisation, shuffles and attack starts.' })
  @Min(0)
  seed!: number;

  @Field(() => Norm, { defaultValue: Norm.L2 })
  norm!: Norm;

  @Field(() => Float, { defaultValue: 0, description: 'Training eps; 0 is standard training.' })
  @Min(0)
  eps!: number;

  @Field(() => Int, { defaultValue: 7, description: 'PGD steps per training batch (adversarial only).' })
  @Min(1)
  @Max(1000)
  attackSteps!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Images for the clean and robust accuracy on the card; default min(500, the evaluation set).',
  })
  @IsOptional()
  @Min(1)
  evaluationCount?: number | null;
}

/** The input of the deprecated mutation trainModel (use startTraining and StartTrainingInput). */
@InputType({ description: 'Deprecated: the input of trainModel; use startTraining with StartTrainingInput.' })
export class TrainModelInput extends StartTrainingInput {}
