import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, Min } from 'class-validator';
import { Field, Float, ID, InputType } from 'type-graphql';
import { Norm } from './enums.js';

/**
 * A TF.js layers model: a SimLab checkpoint (model.json, weights.bin, model-card.json) or a model exported
 * elsewhere (model.json and its weight shards), uploaded or in a server directory. Without a model card, say
 * how it was trained with `norm` and `eps`.
 */
@InputType()
export class ImportModelInput {
  @Field(() => String, { description: 'Unique name, e.g. "resnet-l2-eps1".' })
  @Length(1, 100)
  @Matches(/^[\w .-]+$/, { message: 'name may hold letters, digits, spaces, "_", "." and "-" only' })
  name!: string;

  @Field(() => ID, { description: 'Architecture it is (a model card must name the same).' })
  architectureId!: string;

  @Field(() => [ID], {
    nullable: true,
    description: 'Upload ids: model.json, its weight files, optionally model-card.json.',
  })
  @IsOptional()
  @ArrayMinSize(2)
  @ArrayMaxSize(64)
  uploadIds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Absolute server path of a directory holding model.json.',
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
