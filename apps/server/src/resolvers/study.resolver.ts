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
import { toDataset } from '../db/dataset.mapper.js';
import { findOrThrow } from '../db/find-or-throw.js';
import { toJob } from '../db/job.mapper.js';
import { isFinal } from '../db/loaders.js';
import { toModel } from '../db/model.mapper.js';
import { toSimilarityMatrix } from '../db/similarity-matrix.mapper.js';
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
import { hintFinal } from './cache-hint.js';

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
    const row = await ctx.loaders.study.load(id);
    hintFinal(info, row !== undefined && isFinal.ready(row));
    return row ? toStudy(row) : null;
  }

  @FieldResolver(() => Dataset)
  async dataset(
    @Root() study: Study,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Dataset> {
    const row = await findOrThrow(ctx.loaders.dataset, 'dataset', study.datasetId);
    hintFinal(info, isFinal.dataset(row));
    return toDataset(row);
  }

  @FieldResolver(() => [Model])
  async models(
    @Root() study: Study,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Model[]> {
    const rows = await Promise.all(study.modelIds.map((id) => findOrThrow(ctx.loaders.model, 'model', id)));
    hintFinal(info, rows.every(isFinal.ready));
    return rows.map(toModel);
  }

  @FieldResolver(() => SimilarityMatrix, { nullable: true })
  async naturalMatrix(
    @Root() study: Study,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SimilarityMatrix | null> {
    const row = study.naturalMatrixId ? await ctx.loaders.matrix.load(study.naturalMatrixId) : undefined;
    hintFinal(info, row !== undefined && isFinal.ready(row));
    return row ? toSimilarityMatrix(row) : null;
  }

  @FieldResolver(() => SimilarityMatrix, { nullable: true })
  async invertedMatrix(
    @Root() study: Study,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SimilarityMatrix | null> {
    const row = study.invertedMatrixId ? await ctx.loaders.matrix.load(study.invertedMatrixId) : undefined;
    hintFinal(info, row !== undefined && isFinal.ready(row));
    return row ? toSimilarityMatrix(row) : null;
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
    const row = study.invertedMatrixId ? await ctx.loaders.matrix.load(study.invertedMatrixId) : undefined;
    hintFinal(info, row !== undefined && isFinal.ready(row));
    return row ? toTrend(row) : null;
  }

  @FieldResolver(() => Job, { nullable: true })
  async job(
    @Root() study: Study,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Job | null> {
    const row = study.jobId ? await ctx.loaders.job.load(study.jobId) : undefined;
    hintFinal(info, study.jobId === null || (row !== undefined && isFinal.job(row)));
    return row ? toJob(row) : null;
  }

  @Authorized('runner')
  @Mutation(() => StudyPayload, {
    description: 'Natural and inverted matrices over the models, and the robustness trend.',
  })
  async startStudy(
    @Arg('input', () => StartStudyInput) input: StartStudyInput,
    @Ctx() ctx: Context,
  ): Promise<StudyPayload> {
    const { row, job, cached } = await startStudy(ctx.services, ctx.loaders, ctx.principal!, input);
    return { study: toStudy(row), job: job ? toJob(job) : null, cached };
  }
}
