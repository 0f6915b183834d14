import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  Float,
  ID,
  Info,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../context.js';
import { toInversion, toInversionBatch, toInversionPairs } from '../db/inversion.mapper.js';
import { getPairs, hasPairs, listBatches, listInversions } from '../db/inversion.queries.js';
import { startInversion } from '../requests/inversion.request.js';
import { ConnectionArgs } from '../schema/connection.args.js';
import { toConnection } from '../schema/connection.js';
import { InversionConnection } from '../schema/connections.js';
import { Dataset } from '../schema/dataset.type.js';
import { InversionFilter } from '../schema/filters.input.js';
import { Inversion } from '../schema/inversion.type.js';
import { InversionBatch } from '../schema/inversion-batch.type.js';
import { InversionPair } from '../schema/inversion-pair.type.js';
import { Job } from '../schema/job.type.js';
import { Model } from '../schema/model.type.js';
import { InversionPayload } from '../schema/payloads.js';
import { RangeArgs, sliceRange } from '../schema/range.args.js';
import { StartInversionInput } from '../schema/start-inversion.input.js';
import { entities, loadEntity, loadEntityOrNull } from './entity-access.js';
import { toPayload } from './to-payload.js';

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
  model(@Root() inversion: Inversion, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Model> {
    return loadEntity(entities.model, ctx, info, inversion.modelId);
  }

  @FieldResolver(() => Dataset, { description: 'Where seeds and targets come from.' })
  dataset(
    @Root() inversion: Inversion,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Dataset> {
    return loadEntity(entities.dataset, ctx, info, inversion.datasetId);
  }

  @FieldResolver(() => [InversionPair], {
    nullable: true,
    description: 'Sampled once the job starts; start and count select a window (pair indices stay absolute).',
  })
  async pairs(
    @Root() inversion: Inversion,
    @Args(() => RangeArgs) range: RangeArgs,
    @Ctx() ctx: Context,
  ): Promise<InversionPair[] | null> {
    const pairs = await getPairs(ctx.services.db, inversion.id);
    return pairs ? sliceRange(toInversionPairs(pairs), range) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The pairs' seed images as float32 .npy [n, h, w, c], in pair order: every pair, or the window start " +
      '/ count (image i is pair start + i). Null until the pairs are sampled, or while the dataset has no ' +
      'stored pixels.',
  })
  seedImagesUrl(
    @Root() inversion: Inversion,
    @Args(() => RangeArgs) range: RangeArgs,
    @Ctx() ctx: Context,
  ): Promise<string | null> {
    return pairImagesUrl(inversion, ctx, 'seeds', range);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The pairs' target images, like seedImagesUrl.",
  })
  targetImagesUrl(
    @Root() inversion: Inversion,
    @Args(() => RangeArgs) range: RangeArgs,
    @Ctx() ctx: Context,
  ): Promise<string | null> {
    return pairImagesUrl(inversion, ctx, 'targets', range);
  }

  @FieldResolver(() => [InversionBatch], {
    description: 'Finished batches, in order; start and count select a window by batch index.',
  })
  async batches(
    @Root() inversion: Inversion,
    @Args(() => RangeArgs) range: RangeArgs,
    @Ctx() ctx: Context,
  ): Promise<InversionBatch[]> {
    const batches = await listBatches(ctx.services.db, inversion.id);
    const end = range.count ? range.start + range.count : Number.POSITIVE_INFINITY;
    // By batch index, not position: a resumed job may have stored batch 5 before batch 3.
    return batches.filter((b) => b.batchIndex >= range.start && b.batchIndex < end).map(toInversionBatch);
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
  job(
    @Root() inversion: Inversion,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Job | null> {
    return loadEntityOrNull(entities.job, ctx, info, inversion.jobId);
  }

  @Authorized('runner')
  @Mutation(() => InversionPayload, { description: 'Inverts seed/target pairs through a model (SPEC §4).' })
  async startInversion(
    @Arg('input', () => StartInversionInput) input: StartInversionInput,
    @Ctx() ctx: Context,
  ): Promise<InversionPayload> {
    const submitted = await startInversion(ctx.services, ctx.loaders, ctx.principal!, input);
    return toPayload('inversion', toInversion, submitted);
  }
}

async function pairImagesUrl(
  inversion: Inversion,
  ctx: Context,
  role: 'seeds' | 'targets',
  range: RangeArgs,
): Promise<string | null> {
  const dataset = await ctx.loaders.dataset.load(inversion.datasetId);
  if (!dataset?.imagesSha256 || !(await hasPairs(ctx.services.db, inversion.id))) return null;
  const window =
    range.start > 0 || range.count
      ? `?start=${range.start}${range.count ? `&count=${range.count}` : ''}`
      : '';
  return `/inversions/${inversion.id}/${role}.npy${window}`;
}
