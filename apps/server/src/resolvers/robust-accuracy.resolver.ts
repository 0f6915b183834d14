import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { toRobustAccuracy } from '../db/robust-accuracy.mapper.js';
import { startRobustAccuracy } from '../requests/robust-accuracy.request.js';
import { Dataset } from '../schema/dataset.type.js';
import { Job } from '../schema/job.type.js';
import { Model } from '../schema/model.type.js';
import { RobustAccuracyPayload } from '../schema/payloads.js';
import { RobustAccuracy } from '../schema/robust-accuracy.type.js';
import { EvaluateRobustnessInput, StartRobustAccuracyInput } from '../schema/start-robust-accuracy.input.js';
import { entities, loadEntity, loadEntityOrNull } from './entity-access.js';
import { toPayload } from './to-payload.js';

@Resolver(() => RobustAccuracy)
export class RobustAccuracyResolver {
  @FieldResolver(() => Model)
  model(
    @Root() evaluation: RobustAccuracy,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Model> {
    return loadEntity(entities.model, ctx, info, evaluation.modelId);
  }

  @FieldResolver(() => Dataset)
  dataset(
    @Root() evaluation: RobustAccuracy,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Dataset> {
    return loadEntity(entities.dataset, ctx, info, evaluation.datasetId);
  }

  @FieldResolver(() => Job, { nullable: true })
  job(
    @Root() evaluation: RobustAccuracy,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Job | null> {
    return loadEntityOrNull(entities.job, ctx, info, evaluation.jobId);
  }

  @Authorized('runner')
  @Mutation(() => RobustAccuracyPayload, {
    description: 'Queues the accuracy of a model under a PGD attack (SPEC §6).',
  })
  async startRobustAccuracy(
    @Arg('input', () => StartRobustAccuracyInput) input: StartRobustAccuracyInput,
    @Ctx() ctx: Context,
  ): Promise<RobustAccuracyPayload> {
    const submitted = await startRobustAccuracy(ctx.services, ctx.loaders, ctx.principal!, input);
    return toPayload('evaluation', toRobustAccuracy, submitted);
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
