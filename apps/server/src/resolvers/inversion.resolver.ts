import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  Float,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../context.js';
import { toDataset } from '../db/dataset.mapper.js';
import { toInversion, toInversionBatch, toInversionPairs } from '../db/inversion.mapper.js';
import { getPairs, listBatches, listInversions } from '../db/inversion.queries.js';
import { toJob } from '../db/job.mapper.js';
import { toModel } from '../db/model.mapper.js';
import { startInversion } from '../requests/inversion.request.js';
import { ConnectionArgs } from '../schema/connection.args.js';
import { toConnection } from '../schema/connection.js';
import { InversionConnection } from '../schema/connections.js';
import { Dataset } from '../schema/dataset.type.js';
import { InversionFilter } from '../schema/filters.input.js';
import { Inversion } from '../schema/inversion.type.js';
import { InversionBatch } from '../schema/inversion-batch.type.js';
import { InversionPair } from '../schema/inversion-pair.type.js';
import { InversionPayload } from '../schema/inversion-payload.type.js';
import { Job } from '../schema/job.type.js';
import { Model } from '../schema/model.type.js';
import { StartInversionInput } from '../schema/start-inversion.input.js';
import { findOrThrow } from './find.js';

@Resolver(() => Inversion)
export class InversionResolver {
  @Query(() => InversionConnection)
  async inversions(
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => InversionFilter, { nullable: true }) filter: InversionFilter | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(await listInversions(ctx.services.db, filter ?? {}, page), toInversion);
  }

  @Query(() => Inversion, { nullable: true })
  async inversion(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Inversion | null> {
    const row = await ctx.loaders.inversion.load(id);
    return row ? toInversion(row) : null;
  }

  @FieldResolver(() => Model, { description: 'The model the images were inverted through.' })
  async model(@Root() inversion: Inversion, @Ctx() ctx: Context): Promise<Model> {
    return toModel(await findOrThrow(ctx.loaders.model, 'model', inversion.modelId));
  }

  @FieldResolver(() => Dataset, { description: 'Where seeds and targets come from.' })
  async dataset(@Root() inversion: Inversion, @Ctx() ctx: Context): Promise<Dataset> {
    return toDataset(await findOrThrow(ctx.loaders.dataset, 'dataset', inversion.datasetId));
  }

  @FieldResolver(() => [InversionPair], { nullable: true, description: 'Sampled once the job starts.' })
  async pairs(@Root() inversion: Inversion, @Ctx() ctx: Context): Promise<InversionPair[] | null> {
    const pairs = await getPairs(ctx.services.db, inversion.id);
    return pairs ? toInversionPairs(pairs) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Every pair's seed image as float32 .npy [pairCount, h, w, c], in pair order. Null until the pairs are " +
      'sampled, or while the dataset has no stored pixels.',
  })
  seedImagesUrl(@Root() inversion: Inversion, @Ctx() ctx: Context): Promise<string | null> {
    return pairImagesUrl(inversion, ctx, 'seeds');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Every pair's target image, like seedImagesUrl.",
  })
  targetImagesUrl(@Root() inversion: Inversion, @Ctx() ctx: Context): Promise<string | null> {
    return pairImagesUrl(inversion, ctx, 'targets');
  }

  @FieldResolver(() => [InversionBatch], { description: 'Finished batches, in order.' })
  async batches(@Root() inversion: Inversion, @Ctx() ctx: Context): Promise<InversionBatch[]> {
    return (await listBatches(ctx.services.db, inversion.id)).map(toInversionBatch);
  }

  @FieldResolver(() => [Float], { description: 'Mean loss over all finished pairs, per iteration.' })
  async lossCurve(@Root() inversion: Inversion, @Ctx() ctx: Context): Promise<number[]> {
    const batches = await listBatches(ctx.services.db, inversion.id);
    const length = Math.max(0, ...batches.map((b) => b.lossCurve.length));
    const curve: number[] = [];
    for (let i = 0; i < length; i++) {
      // Weighted by batch size: the last batch may be smaller.
      let sum = 0;
      let weight = 0;
      for (const b of batches) {
        const value = b.lossCurve[i];
        if (value === undefined) continue;
        sum += value * b.losses.length;
        weight += b.losses.length;
      }
      curve.push(sum / weight);
    }
    return curve;
  }

  @FieldResolver(() => Job, { nullable: true })
  async job(@Root() inversion: Inversion, @Ctx() ctx: Context): Promise<Job | null> {
    const row = inversion.jobId ? await ctx.loaders.job.load(inversion.jobId) : undefined;
    return row ? toJob(row) : null;
  }

  @Authorized('runner')
  @Mutation(() => InversionPayload, { description: 'Inverts seed/target pairs through a model (SPEC §4).' })
  async startInversion(
    @Arg('input', () => StartInversionInput) input: StartInversionInput,
    @Ctx() ctx: Context,
  ): Promise<InversionPayload> {
    const { row, job, cached } = await startInversion(ctx.services, ctx.loaders, ctx.principal!, input);
    return { inversion: toInversion(row), job: job ? toJob(job) : null, cached };
  }
}

async function pairImagesUrl(
  inversion: Inversion,
  ctx: Context,
  role: 'seeds' | 'targets',
): Promise<string | null> {
  const dataset = await ctx.loaders.dataset.load(inversion.datasetId);
  if (!dataset?.imagesSha256 || !(await getPairs(ctx.services.db, inversion.id))) return null;
  return `/inversions/${inversion.id}/${role}.npy`;
}
