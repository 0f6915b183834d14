import { Field, ObjectType } from 'type-graphql';

/** Why a job failed: a stable code (docs/errors.md) and a message that quotes the bad values. */
@ObjectType()
export class JobError {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  message!: string;
}
