import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from './enums.js';

/** An API token's public record (never its secret). */
@ObjectType()
export class ApiToken {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}
