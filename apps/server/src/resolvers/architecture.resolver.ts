import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { toArchitecture } from '../db/architecture.mapper.js';
import { listArchitectures } from '../db/architecture.queries.js';
import { isFinal } from '../db/loaders.js';
import { Architecture } from '../schema/architecture.type.js';
import { hintFinal } from './cache-hint.js';

@Resolver(() => Architecture)
export class ArchitectureResolver {
  @Query(() => [Architecture], {
    description: "Every architecture: the zoo's (origin ZOO) first, then those named by imports (IMPORTED).",
  })
  async architectures(@Ctx() ctx: Context): Promise<Architecture[]> {
    // Not final: an import may name a new architecture at any time.
    return (await listArchitectures(ctx.services.db)).map(toArchitecture);
  }

  @Query(() => Architecture, { nullable: true })
  async architecture(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Architecture | null> {
    const row = await ctx.loaders.architecture.load(id);
    hintFinal(info, row !== undefined && isFinal.architecture(row));
    return row ? toArchitecture(row) : null;
  }
}
