import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { INHERIT_CACHE_HINT } from './cache-control.directive.js';

/** What produced a result (SPEC §7). The same request with the same provenance key returns this result. */
@Directive(INHERIT_CACHE_HINT)
@ObjectType()
export class Provenance {
  @Field(() => String, {
    description: "sha256 of the canonical request: inputs' hashes, parameters, seed, code version.",
  })
  requestKey!: string;

  @Field(() => String, { nullable: true })
  codeVersion!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'TF.js backend used, e.g. "wasm (@tensorflow/tfjs-backend-wasm 4.22.0)".',
  })
  backend!: string | null;

  @Field(() => Int, { nullable: true })
  seed!: number | null;

  @Field(() => [String], { description: 'sha256 of the weights of every model involved.' })
  weightsHashes!: string[];

  @Field(() => String, { nullable: true })
  datasetHash!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'sha256 of the dataset indices used (samples or pairs).',
  })
  indicesHash!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Every parameter, defaults filled in.' })
  parameters!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Machine that computed it: CPU, cores, memory, Node.',
  })
  machine!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Seconds spent per phase.' })
  timings!: Record<string, unknown> | null;

  @Field(() => Date, { nullable: true })
  computedAt!: Date | null;
}
