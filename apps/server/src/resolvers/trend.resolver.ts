import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { findOrThrow } from '../db/find-or-throw.js';
import { toTrend } from '../db/trend.mapper.js';
import { Model } from '../schema/model.type.js';
import { RobustnessTrend } from '../schema/robustness-trend.type.js';
import { TrendPoint } from '../schema/trend-point.type.js';
import { entities, loadEntity } from './entity-access.js';

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
  model(@Root() point: TrendPoint, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Model> {
    return loadEntity(entities.model, ctx, info, point.modelId);
  }
}
