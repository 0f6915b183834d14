import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { EntityStatus, ModelFormat, ModelOrigin, Norm } from './enums.js';

/**
 * A model of an architecture (zoo, trained or imported, any format): its robustness (training eps), accuracy and
 * its own metadata as compute reads it from the weights (format, input shape, classes, parameters, layers).
 */
@ObjectType()
export class Model {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => EntityStatus)
  status!: EntityStatus;

  @Field(() => ModelOrigin)
  origin!: ModelOrigin;

  @Field(() => Norm, {
    nullable: true,
    description: 'Threat model of adversarial training; null for standard training.',
  })
  norm!: Norm | null;

  @Field(() => Float, { description: 'Training eps; 0 is standard training.' })
  eps!: number;

  @Field(() => Float, { nullable: true, description: 'Accuracy on the clean test set.' })
  cleanAccuracy!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'sha256 of the weights: of weights.bin (TF.js), or of the whole .onnx file (the same as `sha256sum model.onnx`).',
  })
  weightsHash!: string | null;

  @Field(() => ModelFormat, { nullable: true, description: 'How its weights are stored; null until READY.' })
  format!: ModelFormat | null;

  @Field(() => [Int], { nullable: true, description: '[height, width, channels] of the images it takes.' })
  inputShape!: number[] | null;

  @Field(() => Int, { nullable: true })
  classes!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Scalars in all its weights (batch-norm running statistics included); null until READY.',
  })
  parameterCount!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The layer `layer: "representation"` (the default) reads (SPEC §2): the layer so named in zoo models, else ' +
      "the input of the model's final fully connected layer (an ONNX value name); null when it has none.",
  })
  representationLayer!: string | null;

  @Field(() => Int, { nullable: true, description: 'Units of that representation.' })
  representationSize!: number | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'The names `layer` accepts (TF.js layer names; ONNX value names, and node names too); null for a model ' +
      'stored before the server recorded them.',
  })
  layers!: string[] | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Format facts: for ONNX the opset, producer, input layout and logits value.',
  })
  formatDetails!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The model card saved with the checkpoint (null for a TF.js model imported without one).',
  })
  card!: Record<string, unknown> | null;

  @Field(() => Date)
  createdAt!: Date;

  architectureId!: string;
  datasetId!: string | null;
  jobId!: string | null;
}
