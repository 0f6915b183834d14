import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import type { Context } from '../context.js';
import { findOrThrow } from '../db/find-or-throw.js';
import { toSimilarityResult } from '../db/similarity-result.mapper.js';
import { listResults } from '../db/similarity-result.queries.js';
import { type ResultAddedPayload, Topic } from '../pubsub.js';
import { startSimilarity } from '../requests/similarity.request.js';
import { ConnectionArgs } from '../schema/connection.args.js';
import { toConnection } from '../schema/connection.js';
import { SimilarityResultConnection } from '../schema/connections.js';
import { Dataset } from '../schema/dataset.type.js';
import { SimilarityResultFilter } from '../schema/filters.input.js';
import { Inversion } from '../schema/inversion.type.js';
import { Job } from '../schema/job.type.js';
import { Model } from '../schema/model.type.js';
import { SimilarityResultPayload } from '../schema/payloads.js';
import { ResultAddedEvent } from '../schema/result-added.type.js';
import { SimilarityResult } from '../schema/similarity-result.type.js';
import { ComputeSimilarityInput, StartSimilarityInput } from '../schema/start-similarity.input.js';
import { entities, loadEntity, loadEntityOrNull } from './entity-access.js';
import { toPayload } from './to-payload.js';

@Resolver(() => SimilarityResult)
export class SimilarityResultResolver {
  @Query(() => SimilarityResultConnection)
  async similarityResults(
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => SimilarityResultFilter, { nullable: true }) filter: SimilarityResultFilter | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(await listResults(ctx.services.db, filter ?? {}, page), toSimilarityResult);
  }

  @Query(() => SimilarityResult, { nullable: true })
  async similarityResult(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SimilarityResult | null> {
    return loadEntityOrNull(entities.result, ctx, info, id);
  }

  @FieldResolver(() => Model)
  async modelA(
    @Root() result: SimilarityResult,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Model> {
    return loadEntity(entities.model, ctx, info, result.modelAId);
  }

  @FieldResolver(() => Model)
  async modelB(
    @Root() result: SimilarityResult,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Model> {
    return loadEntity(entities.model, ctx, info, result.modelBId);
  }

  @FieldResolver(() => Dataset, {
    nullable: true,
    description: "Natural images used, or the inversion's dataset.",
  })
  async dataset(
    @Root() result: SimilarityResult,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Dataset | null> {
    return loadEntityOrNull(entities.dataset, ctx, info, result.datasetId, { nullIsFinal: true });
  }

  @FieldResolver(() => Inversion, {
    nullable: true,
    description: 'The inverted dataset, for source INVERTED.',
  })
  async inversion(
    @Root() result: SimilarityResult,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Inversion | null> {
    return loadEntityOrNull(entities.inversion, ctx, info, result.inversionId, { nullIsFinal: true });
  }

  @FieldResolver(() => Job, { nullable: true })
  async job(
    @Root() result: SimilarityResult,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Job | null> {
    return loadEntityOrNull(entities.job, ctx, info, result.jobId);
  }

  @Subscription(() => ResultAddedEvent, {
    topics: Topic.ResultAdded,
    filter: ({ payload, args }: { payload: ResultAddedPayload; args: { matrixId?: string | null } }) =>
      !args.matrixId || payload.matrixId === args.matrixId,
    description:
      'Similarity results as they are stored; with matrixId, the cells of that matrix (heatmaps fill live).',
  })
  async resultAdded(
    @Root() payload: ResultAddedPayload,
    @Arg('matrixId', () => ID, { nullable: true }) _matrixId: string | null,
    @Ctx() ctx: Context,
  ): Promise<ResultAddedEvent> {
    const row = await findOrThrow(ctx.loaders.result, 'similarity result', payload.resultId);
    return {
      matrixId: payload.matrixId,
      row: payload.row,
      column: payload.column,
      result: toSimilarityResult(row),
    };
  }

  @Authorized('runner')
  @Mutation(() => SimilarityResultPayload, {
    description: 'Queues CKA between two models on natural or inverted images.',
  })
  async startSimilarity(
    @Arg('input', () => StartSimilarityInput) input: StartSimilarityInput,
    @Ctx() ctx: Context,
  ): Promise<SimilarityResultPayload> {
    const submitted = await startSimilarity(ctx.services, ctx.loaders, ctx.principal!, input);
    return toPayload('result', toSimilarityResult, submitted);
  }

  @Authorized('runner')
  @Mutation(() => SimilarityResultPayload, {
    deprecationReason: 'Renamed startSimilarity: it queues a job; the result fills in later.',
  })
  computeSimilarity(
    @Arg('input', () => ComputeSimilarityInput) input: ComputeSimilarityInput,
    @Ctx() ctx: Context,
  ): Promise<SimilarityResultPayload> {
    return this.startSimilarity(input, ctx);
  }
}
