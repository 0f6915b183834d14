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
import { toModel } from '../db/model.mapper.js';
import { listModels } from '../db/model.queries.js';
import { toRobustAccuracy } from '../db/robust-accuracy.mapper.js';
import { listRobustAccuraciesOfModels } from '../db/robust-accuracy.queries.js';
import { importModel, startTraining } from '../requests/model.request.js';
import { Architecture } from '../schema/architecture.type.js';
import { ConnectionArgs } from '../schema/connection.args.js';
import { toConnection } from '../schema/connection.js';
import { ModelConnection } from '../schema/connections.js';
import { Dataset } from '../schema/dataset.type.js';
import { ModelFilter } from '../schema/filters.input.js';
import { ImportModelInput } from '../schema/import-model.input.js';
import { Job } from '../schema/job.type.js';
import { Model } from '../schema/model.type.js';
import { ModelPayload } from '../schema/payloads.js';
import { RobustAccuracy } from '../schema/robust-accuracy.type.js';
import { StartTrainingInput, TrainModelInput } from '../schema/start-training.input.js';
import { entities, loadEntity, loadEntityOrNull } from './entity-access.js';
import { toPayload } from './to-payload.js';

@Resolver(() => Model)
export class ModelResolver {
  @Query(() => ModelConnection)
  async models(
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => ModelFilter, { nullable: true }) filter: ModelFilter | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(await listModels(ctx.services.db, filter ?? {}, page), toModel);
  }

  @Query(() => Model, { nullable: true })
  async model(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Model | null> {
    return loadEntityOrNull(entities.model, ctx, info, id);
  }

  @FieldResolver(() => Architecture)
  async architecture(
    @Root() model: Model,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Architecture> {
    return loadEntity(entities.architecture, ctx, info, model.architectureId);
  }

  @FieldResolver(() => Dataset, { nullable: true, description: 'Dataset it was trained on, when known.' })
  async trainingDataset(
    @Root() model: Model,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Dataset | null> {
    return loadEntityOrNull(entities.dataset, ctx, info, model.datasetId, { nullIsFinal: true });
  }

  @FieldResolver(() => [RobustAccuracy], { description: 'Robust-accuracy evaluations, oldest first.' })
  async robustness(@Root() model: Model, @Ctx() ctx: Context): Promise<RobustAccuracy[]> {
    return (await listRobustAccuraciesOfModels(ctx.services.db, [model.id])).map(toRobustAccuracy);
  }

  @FieldResolver(() => Job, { nullable: true, description: 'The job that trained or imported it.' })
  async job(
    @Root() model: Model,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Job | null> {
    return loadEntityOrNull(entities.job, ctx, info, model.jobId);
  }

  @Authorized('runner')
  @Mutation(() => ModelPayload, {
    description:
      'Imports a model: an ONNX file (PyTorch, Keras, JAX; docs/onnx.md) under an architecture you name, a SimLab ' +
      'checkpoint, or a TF.js model (model.json with its weight files).',
  })
  async importModel(
    @Arg('input', () => ImportModelInput) input: ImportModelInput,
    @Ctx() ctx: Context,
  ): Promise<ModelPayload> {
    return toPayload('model', toModel, await importModel(ctx.services, ctx.loaders, ctx.principal!, input));
  }

  @Authorized('runner')
  @Mutation(() => ModelPayload, {
    description: 'Queues training of a zoo architecture, standard or adversarial (SPEC §6).',
  })
  async startTraining(
    @Arg('input', () => StartTrainingInput) input: StartTrainingInput,
    @Ctx() ctx: Context,
  ): Promise<ModelPayload> {
    return toPayload('model', toModel, await startTraining(ctx.services, ctx.loaders, ctx.principal!, input));
  }

  @Authorized('runner')
  @Mutation(() => ModelPayload, {
    deprecationReason: 'Renamed startTraining: it queues a training job; the model is READY once it is done.',
  })
  trainModel(
    @Arg('input', () => TrainModelInput) input: TrainModelInput,
    @Ctx() ctx: Context,
  ): Promise<ModelPayload> {
    return this.startTraining(input, ctx);
  }
}
