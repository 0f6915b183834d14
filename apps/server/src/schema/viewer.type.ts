import { Field, ObjectType } from 'type-graphql';
import { Role } from './enums.js';

/** Who is asking: the role and name of the token sent (or anonymous). */
@ObjectType()
export class Viewer {
  @Field(() => Role)
  role!: Role;

  @Field(() => String)
  name!: string;
}
