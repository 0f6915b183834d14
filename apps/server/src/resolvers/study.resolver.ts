import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { toDataset } from '../db/dataset.mapper.js';
import { toJob } from '../db/job.mapper.js';
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
import { RobustnessTrend } from '../schema/robustness-trend.type.js';
import { SimilarityMatrix } from '../schema/similarity-matrix.type.js';
import { StartStudyInput } from '../schema/start-study.input.js';
import { Study } from '../schema/study.type.js';
import { StudyPayload } from '../schema/study-payload.type.js';
import { findOrThrow } from './find.js';

@Resolver(() => Study)
export class StudyResolver {
  @Query(() => StudyConnection)
  async studies(@Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return toConnection(await listStudies(ctx.services.db, page), toStudy);
  }

  @Query(() => Study, { nullable: true })
  async study(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Study | null> {
    const row = await ctx.loaders.study.load(id);
    return row ? toStudy(row) : null;
  }

  @FieldResolver(() => Dataset)
  async dataset(@Root() study: Study, @Ctx() ctx: Context): Promise<Dataset> {
    return toDataset(await findOrThrow(ctx.loaders.dataset, 'dataset', study.datasetId));
  }

  @FieldResolver(() => [Model])
  async models(@Root() study: Study, @Ctx() ctx: Context): Promise<Model[]> {
    return Promise.all(
      study.modelIds.map(async (id) => toModel(await findOrThrow(ctx.loaders.model, 'model', id))),
    );
  }

  @FieldResolver(() => SimilarityMatrix, { nullable: true })
  async naturalMatrix(@Root() study: Study, @Ctx() ctx: Context): Promise<SimilarityMatrix | null> {
    const row = study.naturalMatrixId ? await ctx.loaders.matrix.load(study.naturalMatrixId) : undefined;
    return row ? toSimilarityMatrix(row) : null;
  }

  @FieldResolver(() => SimilarityMatrix, { nullable: true })
  async invertedMatrix(@Root() study: Study, @Ctx() ctx: Context): Promise<SimilarityMatrix | null> {
    const row = study.invertedMatrixId ? await ctx.loaders.matrix.load(study.invertedMatrixId) : undefined;
    return row ? toSimilarityMatrix(row) : null;
  }

  @FieldResolver(() => RobustnessTrend, {
    nullable: true,
    description: 'Trend of the inverted matrix (SPEC §6).',
  })
  async trend(@Root() study: Study, @Ctx() ctx: Context): Promise<RobustnessTrend | null> {
    const row = study.invertedMatrixId ? await ctx.loaders.matrix.load(study.invertedMatrixId) : undefined;
    return row ? toTrend(row) : null;
  }

  @FieldResolver(() => Job, { nullable: true })
  async job(@Root() study: Study, @Ctx() ctx: Context): Promise<Job | null> {
    const row = study.jobId ? await ctx.loaders.job.load(study.jobId) : undefined;
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
