/** Roles and what each may do: viewers read and subscribe, runners also start and cancel jobs, admins manage tokens. */
import type { AuthChecker } from 'type-graphql';
import type { Context } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';

export const ROLES = ['viewer', 'runner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, runner: 1, admin: 2 };

export interface Principal {
  role: Role;
  /** Token id, or null for anonymous access. */
  tokenId: string | null;
  name: string;
}

export function hasRole(principal: Principal | null, needed: Role): boolean {
  return principal !== null && RANK[principal.role] >= RANK[needed];
}

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
