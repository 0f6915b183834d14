import { InvalidArgumentError } from '@simlab/compute';
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../context.js';
import { toDataset } from '../db/dataset.mapper.js';
import { listDatasets } from '../db/dataset.queries.js';
import { findOrThrow } from '../db/find-or-throw.js';
import { MAX_SAMPLE_IMAGES, readDatasetLabels, sampleIndices } from '../images/dataset-samples.js';
import { registerDataset } from '../requests/register-dataset.request.js';
import { ConnectionArgs } from '../schema/connection.args.js';
import { toConnection } from '../schema/connection.js';
import { DatasetConnection } from '../schema/connections.js';
import { Dataset } from '../schema/dataset.type.js';
import { DatasetSamples } from '../schema/dataset-samples.type.js';
import { DatasetFilter } from '../schema/filters.input.js';
import { Job } from '../schema/job.type.js';
import { DatasetPayload } from '../schema/payloads.js';
import { RegisterDatasetInput } from '../schema/register-dataset.input.js';
import { entities, loadEntityOrNull } from './entity-access.js';
import { toPayload } from './to-payload.js';

@Resolver(() => Dataset)
export class DatasetResolver {
  @Query(() => DatasetConnection)
  async datasets(
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => DatasetFilter, { nullable: true }) filter: DatasetFilter | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(await listDatasets(ctx.services.db, filter ?? {}, page), toDataset);
  }

  @Query(() => Dataset, { nullable: true })
  async dataset(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Dataset | null> {
    const row = await ctx.loaders.dataset.load(id);
    return row ? toDataset(row) : null;
  }

  @FieldResolver(() => Job, { nullable: true, description: 'The job that loaded and hashed it.' })
  job(@Root() dataset: Dataset, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Job | null> {
    return loadEntityOrNull(entities.job, ctx, info, dataset.jobId);
  }

  @FieldResolver(() => DatasetSamples, {
    nullable: true,
    description:
      'A sample grid: the first perClass (1-64) images of each class, fewer per class where the classes would ' +
      `need more than ${MAX_SAMPLE_IMAGES} images in all. Null until READY with stored pixels.`,
  })
  async samples(
    @Root() dataset: Dataset,
    @Arg('perClass', () => Int, { defaultValue: 8 }) perClass: number,
    @Ctx() ctx: Context,
  ): Promise<DatasetSamples | null> {
    if (!Number.isInteger(perClass) || perClass < 1 || perClass > 64) {
      throw new InvalidArgumentError(`perClass must be an integer from 1 to 64, got ${perClass}`);
    }
    const row = await findOrThrow(ctx.loaders.dataset, 'dataset', dataset.id);
    if (row.status !== 'READY' || !row.imagesSha256) return null;
    const labels = await readDatasetLabels(ctx.services.blobs, row);
    const classCount = row.classNames?.length ?? 0;
    // One URL carries every index: keep it well under Node's 16 KiB header limit.
    const fitting = Math.min(perClass, Math.max(1, Math.floor(MAX_SAMPLE_IMAGES / Math.max(1, classCount))));
    const indices = sampleIndices(labels, classCount, fitting).slice(0, MAX_SAMPLE_IMAGES);
    return {
      perClass: fitting,
      indices,
      labels: indices.map((i) => labels[i]!),
      imagesUrl: `/datasets/${row.id}/images.npy?indices=${indices.join(',')}`,
    };
  }

  @Authorized('runner')
  @Mutation(() => DatasetPayload, {
    description: 'Registers images by name, server path or uploads; a job loads and hashes them.',
  })
  async registerDataset(
    @Arg('input', () => RegisterDatasetInput) input: RegisterDatasetInput,
    @Ctx() ctx: Context,
  ): Promise<DatasetPayload> {
    return toPayload('dataset', toDataset, await registerDataset(ctx.services, ctx.principal!, input));
  }
}
