import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { findOrThrow } from '../db/find-or-throw.js';
import { toModel } from '../db/model.mapper.js';
import { toTrend } from '../db/trend.mapper.js';
import { Model } from '../schema/model.type.js';
import { RobustnessTrend } from '../schema/robustness-trend.type.js';
import { TrendPoint } from '../schema/trend-point.type.js';

@Resolver(() => TrendPoint)
export class TrendResolver {
  @Query(() => RobustnessTrend, {
    nullable: true,
    description:
      'Robustness (training eps) against mean similarity, per model, of a finished matrix (SPEC §6).',
  })
  async robustnessTrend(
    @Arg('matrixId', () => ID) matrixId: string,
    @Ctx() ctx: Context,
  ): Promise<RobustnessTrend | null> {
    const matrix = await findOrThrow(ctx.loaders.matrix, 'matrix', matrixId);
    return toTrend(matrix);
  }

  @FieldResolver(() => Model)
  async model(@Root() point: TrendPoint, @Ctx() ctx: Context): Promise<Model> {
    return toModel(await findOrThrow(ctx.loaders.model, 'model', point.modelId));
  }
}
