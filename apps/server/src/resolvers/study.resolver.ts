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
} from 'type-graphql';
import type { Context } from '../context.js';
import { toStudy } from '../db/study.mapper.js';
import { listStudies } from '../db/study.queries.js';
import { toTrend } from '../db/trend.mapper.js';
import { startStudy } from '../requests/study.request.js';
import { ConnectionArgs } from '../schema/connection.args.js';
import { toConnection } from '../schema/connection.js';
import { StudyConnection } from '../schema/connections.js';
import { Dataset } from '../schema/dataset.type.js';
import { Job } from '../schema/job.type.js';
import { Model } from '../schema/model.type.js';
import { StudyPayload } from '../schema/payloads.js';
import { RobustnessTrend } from '../schema/robustness-trend.type.js';
import { SimilarityMatrix } from '../schema/similarity-matrix.type.js';
import { StartStudyInput } from '../schema/start-study.input.js';
import { Study } from '../schema/study.type.js';
import { entities, loadEntities, loadEntity, loadEntityOrNull } from './entity-access.js';
import { toPayload } from './to-payload.js';

@Resolver(() => Study)
export class StudyResolver {
  @Query(() => StudyConnection)
  async studies(@Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return toConnection(await listStudies(ctx.services.db, page), toStudy);
  }

  @Query(() => Study, { nullable: true })
  async study(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Study | null> {
    return loadEntityOrNull(entities.study, ctx, info, id);
  }

  @FieldResolver(() => Dataset)
  async dataset(
    @Root() study: Study,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Dataset> {
    return loadEntity(entities.dataset, ctx, info, study.datasetId);
  }

  @FieldResolver(() => [Model])
  async models(
    @Root() study: Study,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Model[]> {
    return loadEntities(entities.model, ctx, info, study.modelIds);
  }

  @FieldResolver(() => SimilarityMatrix, { nullable: true })
  async naturalMatrix(
    @Root() study: Study,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SimilarityMatrix | null> {
    return loadEntityOrNull(entities.matrix, ctx, info, study.naturalMatrixId);
  }

  @FieldResolver(() => SimilarityMatrix, { nullable: true })
  async invertedMatrix(
    @Root() study: Study,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SimilarityMatrix | null> {
    return loadEntityOrNull(entities.matrix, ctx, info, study.invertedMatrixId);
  }

  @FieldResolver(() => RobustnessTrend, {
    nullable: true,
    description: 'Trend of the inverted matrix (SPEC §6).',
    deprecationReason:
      'Spearman rho of the inverted matrix against eps only: use trendAnalysis (permutation p-values, robust ' +
      'accuracy, per-architecture slopes, natural and inverted).',
  })
  async trend(
    @Root() study: Study,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RobustnessTrend | null> {
    const trendOfMatrix = { ...entities.matrix, map: toTrend };
    return loadEntityOrNull(trendOfMatrix, ctx, info, study.invertedMatrixId);
  }

  @FieldResolver(() => Job, { nullable: true })
  async job(
    @Root() study: Study,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Job | null> {
    return loadEntityOrNull(entities.job, ctx, info, study.jobId, { nullIsFinal: true });
  }

  @Authorized('runner')
  @Mutation(() => StudyPayload, {
    description: 'Natural and inverted matrices over the models, and the robustness trend.',
  })
  async startStudy(
    @Arg('input', () => StartStudyInput) input: StartStudyInput,
    @Ctx() ctx: Context,
  ): Promise<StudyPayload> {
    return toPayload('study', toStudy, await startStudy(ctx.services, ctx.loaders, ctx.principal!, input));
  }
}
