import {
  ArrayMaxSize,
  ArrayMinSize,
  IsOptional,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, Float, ID, InputType } from 'type-graphql';
import { Norm } from './enums.js';

/**
 * An architecture of the user's own, named at import (issue 13): models imported under the same name share it,
 * and trends group them by it. Created by the first import that names it.
 */
@InputType()
export class ArchitectureNameInput {
  @Field(() => String, { description: 'Its id, e.g. "my-resnet18": letters, digits, ".", "_", "-".' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message:
      'architecture name must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Family, e.g. "resnet"; default: the name.' })
  @IsOptional()
  @Length(1, 64)
  family?: string | null;

  @Field(() => String, { nullable: true, description: 'Free text, e.g. where the model comes from.' })
  @IsOptional()
  @Length(1, 500)
  description?: string | null;
}

/**
 * A model to import: an ONNX model (exported from PyTorch, Keras or JAX; docs/onnx.md), a SimLab checkpoint
 * (model.json, weights.bin, model-card.json) or a TF.js layers model exported elsewhere (model.json and its
 * weight shards); uploaded (POST /uploads) or in a server directory under SIMLAB_IMPORT_ROOTS. Give the
 * architecture as a zoo id (`architectureId`, TF.js models of the zoo) or as a name of your own
 * (`architecture`, any other network). Without a model card, say how it was trained with `norm` and `eps`.
 */
@InputType()
export class ImportModelInput {
  @Field(() => String, { description: 'Unique name, e.g. "resnet-l2-eps1-r2".' })
  @Length(1, 100)
  @Matches(/^[\w .-]+$/, { message: 'name may hold letters, digits, spaces, "_", "." and "-" only' })
  name!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'An existing architecture: a zoo family (a model card must name the same) or one named by an earlier ' +
      'import. Give this or `architecture`.',
  })
  @IsOptional()
  architectureId?: string | null;

  @Field(() => ArchitectureNameInput, {
    nullable: true,
    description:
      'Your own architecture, by name (ONNX models, networks outside the zoo); created on first use, joined by ' +
      'later imports of the same name. Give this or `architectureId`.',
  })
  @IsOptional()
  @ValidateNested()
  architecture?: ArchitectureNameInput | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Upload ids: one .onnx file (upload it as ?filename=model.onnx); or model.json, its weight files and ' +
      'optionally model-card.json.',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  uploadIds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Absolute server path of a .onnx file, of a directory holding model.onnx, or of a directory holding model.json.',
  })
  @IsOptional()
  @Length(1, 4096)
  checkpointPath?: string | null;

  @Field(() => Norm, {
    nullable: true,
    description: 'Without a model card: threat model it was trained against.',
  })
  @IsOptional()
  norm?: Norm | null;

  @Field(() => Float, { nullable: true, description: 'Without a model card: training eps (default 0).' })
  @IsOptional()
  @Min(0)
  eps?: number | null;
}
