import { NotFoundError } from '@simlab/compute';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { createToken, listTokens, revokeToken } from '../auth/tokens.js';
import type { Context } from '../context.js';
import { ApiToken } from '../schema/api-token.type.js';
import { CreatedToken } from '../schema/created-token.type.js';
import { Role } from '../schema/enums.js';
import { Viewer } from '../schema/viewer.type.js';

@Resolver()
export class TokenResolver {
  @Query(() => Viewer, { description: 'The role of the token this request carries.' })
  me(@Ctx() ctx: Context): Viewer {
    const p = ctx.principal!;
    return { role: p.role as Role, name: p.name };
  }

  @Authorized('admin')
  @Query(() => [ApiToken])
  async apiTokens(@Ctx() ctx: Context): Promise<ApiToken[]> {
    return (await listTokens(ctx.services.db)) as ApiToken[];
  }

  @Authorized('admin')
  @Mutation(() => CreatedToken, { description: 'Creates a token; its secret is in the answer only.' })
  async createApiToken(
    @Arg('name', () => String) name: string,
    @Arg('role', () => Role) role: Role,
    @Ctx() ctx: Context,
  ): Promise<CreatedToken> {
    const { token, row } = await createToken(ctx.services.db, name, role);
    return { token, apiToken: row as ApiToken };
  }

  @Authorized('admin')
  @Mutation(() => ApiToken)
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ApiToken> {
    const row = await revokeToken(ctx.services.db, id);
    if (!row) throw new NotFoundError(`no API token with id ${JSON.stringify(id)}`);
    return row as ApiToken;
  }
}
