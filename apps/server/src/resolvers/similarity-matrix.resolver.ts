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
import { toCellSignificance } from '../db/cell-statistics.mapper.js';
import { loadMatrixSignificance } from '../db/matrix-significance.js';
import { toSimilarityMatrix } from '../db/similarity-matrix.mapper.js';
import { listCells, listMatrices } from '../db/similarity-matrix.queries.js';
import { toSimilarityResult } from '../db/similarity-result.mapper.js';
import { toTrend } from '../db/trend.mapper.js';
import { startMatrix } from '../requests/matrix.request.js';
import { ConnectionArgs } from '../schema/connection.args.js';
import { toConnection } from '../schema/connection.js';
import { SimilarityMatrixConnection } from '../schema/connections.js';
import { Dataset } from '../schema/dataset.type.js';
import { SimilarityMatrixFilter } from '../schema/filters.input.js';
import { Job } from '../schema/job.type.js';
import { MatrixCell } from '../schema/matrix-cell.type.js';
import { Model } from '../schema/model.type.js';
import { SimilarityMatrixPayload } from '../schema/payloads.js';
import { RobustnessTrend } from '../schema/robustness-trend.type.js';
import { SimilarityMatrix } from '../schema/similarity-matrix.type.js';
import { ComputeMatrixInput, StartMatrixInput } from '../schema/start-matrix.input.js';
import { hintFinal } from './cache-hint.js';
import { entities, loadEntities, loadEntity, loadEntityOrNull } from './entity-access.js';
import { toPayload } from './to-payload.js';

@Resolver(() => SimilarityMatrix)
export class SimilarityMatrixResolver {
  @Query(() => SimilarityMatrixConnection)
  async matrices(
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => SimilarityMatrixFilter, { nullable: true }) filter: SimilarityMatrixFilter | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(await listMatrices(ctx.services.db, filter ?? {}, page), toSimilarityMatrix);
  }

  @Query(() => SimilarityMatrix, { nullable: true })
  async matrix(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SimilarityMatrix | null> {
    return loadEntityOrNull(entities.matrix, ctx, info, id);
  }

  @FieldResolver(() => [Model], { description: 'Row and column models, in order.' })
  async models(
    @Root() matrix: SimilarityMatrix,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Model[]> {
    return loadEntities(entities.model, ctx, info, matrix.modelIds);
  }

  @FieldResolver(() => Dataset, {
    description: 'Natural images, or the dataset the inversions were made from.',
  })
  async dataset(
    @Root() matrix: SimilarityMatrix,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Dataset> {
    return loadEntity(entities.dataset, ctx, info, matrix.datasetId);
  }

  @FieldResolver(() => [[Float]], {
    nullable: 'items',
    description:
      'values[row][column]; null where a cell is not computed yet. One query for the whole matrix.',
    complexity: 1,
  })
  async values(@Root() matrix: SimilarityMatrix, @Ctx() ctx: Context): Promise<(number | null)[][]> {
    if (matrix.storedValues) return matrix.storedValues;
    const k = matrix.modelIds.length;
    const values = Array.from({ length: k }, () => Array<number | null>(k).fill(null));
    for (const cell of await listCells(ctx.services.db, matrix.id))
      values[cell.row]![cell.column] = cell.value;
    return values;
  }

  @FieldResolver(() => [MatrixCell], {
    description:
      'Computed cells with their full results (statistics, provenance) and, once READY, their marks against the null.',
  })
  async cells(
    @Root() matrix: SimilarityMatrix,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MatrixCell[]> {
    const final = matrix.status === 'READY';
    hintFinal(info, final);
    const cached = final ? ctx.services.ready.get<MatrixCell[]>('matrix-cells', matrix.id) : undefined;
    if (cached) return cached;
    const cells = await listCells(ctx.services.db, matrix.id);
    const rows = await ctx.loaders.result.loadMany(cells.map((c) => c.resultId));
    const significance = await loadMatrixSignificance(ctx, matrix);
    const mapped = cells.map((cell, i) => ({
      row: cell.row,
      column: cell.column,
      value: cell.value,
      result: toSimilarityResult(rows[i]!),
      significance: toCellSignificance(significance, cell.row, cell.column),
    }));
    // A READY matrix has all its cells, each on a READY result: the list is as final as the matrix.
    if (final) ctx.services.ready.set('matrix-cells', matrix.id, mapped);
    return mapped;
  }

  @FieldResolver(() => RobustnessTrend, {
    nullable: true,
    description: 'Robustness against similarity (once READY).',
  })
  async trend(
    @Root() matrix: SimilarityMatrix,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RobustnessTrend | null> {
    hintFinal(info, matrix.status === 'READY');
    return toTrend(matrix);
  }

  @FieldResolver(() => Job, { nullable: true })
  async job(
    @Root() matrix: SimilarityMatrix,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Job | null> {
    // A matrix of a study shares the study's job, which may run on after the matrix is READY.
    return loadEntityOrNull(entities.job, ctx, info, matrix.jobId, { nullIsFinal: true });
  }

  @Authorized('runner')
  @Mutation(() => SimilarityMatrixPayload, {
    description: 'Queues a natural or inverted similarity matrix (SPEC §5).',
  })
  async startMatrix(
    @Arg('input', () => StartMatrixInput) input: StartMatrixInput,
    @Ctx() ctx: Context,
  ): Promise<SimilarityMatrixPayload> {
    const submitted = await startMatrix(ctx.services, ctx.loaders, ctx.principal!, input);
    return toPayload('matrix', toSimilarityMatrix, submitted);
  }

  @Authorized('runner')
  @Mutation(() => SimilarityMatrixPayload, {
    deprecationReason: 'Renamed startMatrix: it queues a job; the cells fill in later.',
  })
  computeMatrix(
    @Arg('input', () => ComputeMatrixInput) input: ComputeMatrixInput,
    @Ctx() ctx: Context,
  ): Promise<SimilarityMatrixPayload> {
    return this.startMatrix(input, ctx);
  }
}
