import { Directive, Field, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/** Why a job failed: a stable code (docs/errors.md) and a message that quotes the bad values. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class JobError {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  message!: string;
}
