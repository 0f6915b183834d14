/** type-graphql's `@Authorized` check against the request's principal (roles.ts). */
import type { AuthChecker } from 'type-graphql';
import type { Context } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { hasRole, type Role } from './roles.js';

/** type-graphql's check behind `@Authorized('runner')`: throws a coded error instead of answering false. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const needed = roles[0] ?? 'viewer';
  if (context.principal === null) {
    throw new UnauthenticatedError('this server requires a token: send `Authorization: Bearer <token>`');
  }
  if (!hasRole(context.principal, needed)) {
    throw new ForbiddenError(
      `a ${context.principal.role} token may not do this; it needs a ${needed} token (create one with ` +
        '`npm run token -w @simlab/server -- create --role runner`)',
    );
  }
  return true;
};
