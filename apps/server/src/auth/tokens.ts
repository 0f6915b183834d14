/**
 * API tokens: `slk_` + 32 random bytes (base64url). Only the sha256 of a token is stored, so a leaked
 * database does not leak usable tokens; the secret is shown once, when it is created.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '@simlab/compute';
import type { Queryable } from '../db/database.js';
import { UnauthenticatedError } from '../errors.js';
import { ROLES, type Role } from './roles.js';

export interface ApiTokenRow {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
}

const COLUMNS = 'id, name, role, created_at AS "createdAt", revoked_at AS "revokedAt"';
const PREFIX = 'slk_';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createToken(
  db: Queryable,
  name: string,
  role: string,
): Promise<{ token: string; row: ApiTokenRow }> {
  if (!ROLES.includes(role as Role)) {
    throw new InvalidArgumentError(`role ${JSON.stringify(role)} is not one of ${ROLES.join(', ')}`);
  }
  if (!name.trim())
    throw new InvalidArgumentError('a token needs a non-empty name saying who or what uses it');
  const token = PREFIX + randomBytes(32).toString('base64url');
  const [row] = await db.query<ApiTokenRow>(
    `INSERT INTO api_token (id, name, role, token_hash) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [randomUUID(), name.trim(), role, hashToken(token)],
  );
  return { token, row: row! };
}

/** The token's row, or UnauthenticatedError for an unknown, malformed or revoked token. */
export async function verifyToken(db: Queryable, token: string): Promise<ApiTokenRow> {
  if (!token.startsWith(PREFIX))
    throw new UnauthenticatedError('the token is malformed; SimLab tokens start with slk_');
  const [row] = await db.query<ApiTokenRow>(`SELECT ${COLUMNS} FROM api_token WHERE token_hash = $1`, [
    hashToken(token),
  ]);
  if (!row)
    throw new UnauthenticatedError(
      'unknown token; create one with `npm run token -w @simlab/server -- create`',
    );
  if (row.revokedAt)
    throw new UnauthenticatedError(`token ${row.name} was revoked at ${row.revokedAt.toISOString()}`);
  return row;
}

export async function revokeToken(db: Queryable, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.query<ApiTokenRow>(
    `UPDATE api_token SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return row;
}

export function listTokens(db: Queryable): Promise<ApiTokenRow[]> {
  return db.query<ApiTokenRow>(`SELECT ${COLUMNS} FROM api_token ORDER BY created_at`);
}

/** `Bearer slk_...` -> `slk_...`; undefined when there is no header. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError('the Authorization header must be `Bearer <token>`');
  return match[1];
}
