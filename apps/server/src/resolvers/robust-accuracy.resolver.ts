import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { toDataset } from '../db/dataset.mapper.js';
import { findOrThrow } from '../db/find-or-throw.js';
import { toJob } from '../db/job.mapper.js';
import { toModel } from '../db/model.mapper.js';
import { toRobustAccuracy } from '../db/robust-accuracy.mapper.js';
import { startRobustAccuracy } from '../requests/robust-accuracy.request.js';
import { Dataset } from '../schema/dataset.type.js';
import { Job } from '../schema/job.type.js';
import { Model } from '../schema/model.type.js';
import { RobustAccuracyPayload } from '../schema/payloads.js';
import { RobustAccuracy } from '../schema/robust-accuracy.type.js';
import { EvaluateRobustnessInput, StartRobustAccuracyInput } from '../schema/start-robust-accuracy.input.js';

@Resolver(() => RobustAccuracy)
export class RobustAccuracyResolver {
  @FieldResolver(() => Model)
  async model(@Root() evaluation: RobustAccuracy, @Ctx() ctx: Context): Promise<Model> {
    return toModel(await findOrThrow(ctx.loaders.model, 'model', evaluation.modelId));
  }

  @FieldResolver(() => Dataset)
  async dataset(@Root() evaluation: RobustAccuracy, @Ctx() ctx: Context): Promise<Dataset> {
    return toDataset(await findOrThrow(ctx.loaders.dataset, 'dataset', evaluation.datasetId));
  }

  @FieldResolver(() => Job, { nullable: true })
  async job(@Root() evaluation: RobustAccuracy, @Ctx() ctx: Context): Promise<Job | null> {
    const row = evaluation.jobId ? await ctx.loaders.job.load(evaluation.jobId) : undefined;
    return row ? toJob(row) : null;
  }

  @Authorized('runner')
  @Mutation(() => RobustAccuracyPayload, {
    description: 'Queues the accuracy of a model under a PGD attack (SPEC §6).',
  })
  async startRobustAccuracy(
    @Arg('input', () => StartRobustAccuracyInput) input: StartRobustAccuracyInput,
    @Ctx() ctx: Context,
  ): Promise<RobustAccuracyPayload> {
    const { row, job, cached } = await startRobustAccuracy(ctx.services, ctx.loaders, ctx.principal!, input);
    return { evaluation: toRobustAccuracy(row), job: job ? toJob(job) : null, cached };
  }

  @Authorized('runner')
  @Mutation(() => RobustAccuracyPayload, {
    deprecationReason: 'Renamed startRobustAccuracy: it queues a job; the accuracy fills in later.',
  })
  evaluateRobustness(
    @Arg('input', () => EvaluateRobustnessInput) input: EvaluateRobustnessInput,
    @Ctx() ctx: Context,
  ): Promise<RobustAccuracyPayload> {
    return this.startRobustAccuracy(input, ctx);
  }
}
