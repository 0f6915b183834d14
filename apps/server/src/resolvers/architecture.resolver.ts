import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { toArchitecture } from '../db/architecture.mapper.js';
import { listArchitectures } from '../db/architecture.queries.js';
import { Architecture } from '../schema/architecture.type.js';

@Resolver(() => Architecture)
export class ArchitectureResolver {
  @Query(() => [Architecture], { description: 'The architecture zoo.' })
  async architectures(@Ctx() ctx: Context): Promise<Architecture[]> {
    return (await listArchitectures(ctx.services.db)).map(toArchitecture);
  }

  @Query(() => Architecture, { nullable: true })
  async architecture(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Architecture | null> {
    const row = await ctx.loaders.architecture.load(id);
    return row ? toArchitecture(row) : null;
  }
}
