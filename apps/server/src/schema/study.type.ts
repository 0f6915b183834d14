import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { EntityStatus } from './enums.js';

/** A whole experiment: natural and inverted matrices over a set of models, and the robustness trend. */
@ObjectType()
export class Study {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => EntityStatus)
  status!: EntityStatus;

  @Field(() => GraphQLJSONObject, { description: 'The request, defaults filled in.' })
  spec!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      "compute's study report once READY: what `simlab study` writes as report.json (matrices with every cell " +
      'statistic, prediction agreement, trend, summary, provenance), from the same pipeline.',
  })
  report!: Record<string, unknown> | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  datasetId!: string;
  modelIds!: string[];
  naturalMatrixId!: string | null;
  invertedMatrixId!: string | null;
  jobId!: string | null;
}
