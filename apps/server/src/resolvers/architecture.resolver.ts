import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { toArchitecture } from '../db/architecture.mapper.js';
import { listArchitectures } from '../db/architecture.queries.js';
import { Architecture } from '../schema/architecture.type.js';
import { hintFinal } from './cache-hint.js';

@Resolver(() => Architecture)
export class ArchitectureResolver {
  @Query(() => [Architecture], { description: 'The architecture zoo.' })
  async architectures(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Architecture[]> {
    hintFinal(info, true); // registered from compute's code at start-up
    return (await listArchitectures(ctx.services.db)).map(toArchitecture);
  }

  @Query(() => Architecture, { nullable: true })
  async architecture(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Architecture | null> {
    const row = await ctx.loaders.architecture.load(id);
    hintFinal(info, row !== undefined);
    return row ? toArchitecture(row) : null;
  }
}
