import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, Length, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

/** Register exactly one of: a `source` the server can read, or two uploads (images.npy and labels.npy). */
@InputType()
export class RegisterDatasetInput {
  @Field(() => String, { description: 'Unique name, e.g. "fashion-test".' })
  @Length(1, 100)
  @Matches(/^[\w .-]+$/, { message: 'name may hold letters, digits, spaces, "_", "." and "-" only' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "'mnist', 'fashion-mnist', or an absolute server path: an IDX directory, a directory with images.npy and " +
      'labels.npy, an images .npy, or a folder with one PNG sub-folder per class.',
  })
  @IsOptional()
  @Length(1, 4096)
  source?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "IDX sources and 'fashion-mnist': 'test' (default) or 'train'.",
  })
  @IsOptional()
  @IsIn(['train', 'test'])
  split?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Ids from POST /uploads of a file named images.npy and one named labels.npy.',
  })
  @IsOptional()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  uploadIds?: string[] | null;
}
