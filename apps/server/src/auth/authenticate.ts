/** Turns the token a request carries (header or connection_init payload) into a principal. */
import type { Queryable } from '../db/database.js';
import { UnauthenticatedError } from '../errors.js';
import type { Principal } from './roles.js';
import { bearerToken, verifyToken } from './tokens.js';

const ANONYMOUS: Principal = { role: 'viewer', tokenId: null, name: 'anonymous' };

/**
 * @param authorization `Bearer <token>` (HTTP header, or `authorization` in graphql-ws connection params).
 * @throws UnauthenticatedError for a bad token, or for no token when anonymous access is off.
 */
export async function authenticate(
  db: Queryable,
  authorization: string | undefined,
  anonymousRole: 'viewer' | 'none',
): Promise<Principal> {
  const token = bearerToken(authorization);
  if (token === undefined) {
    if (anonymousRole === 'viewer') return ANONYMOUS;
    throw new UnauthenticatedError('this server requires a token: send `Authorization: Bearer <token>`');
  }
  const row = await verifyToken(db, token);
  return { role: row.role, tokenId: row.id, name: row.name };
}
