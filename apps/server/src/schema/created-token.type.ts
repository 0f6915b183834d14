import { Field, ObjectType } from 'type-graphql';
import { ApiToken } from './api-token.type.js';

@ObjectType()
export class CreatedToken {
  @Field(() => String, { description: 'The secret, shown once: send it as `Authorization: Bearer <token>`.' })
  token!: string;

  @Field(() => ApiToken)
  apiToken!: ApiToken;
}
