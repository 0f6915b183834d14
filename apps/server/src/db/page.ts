/**
 * Keyset pagination for Relay connections: newest first, ordered by (created_at, id). A cursor is the
 * opaque base64 of a row's exact created_at text and id, so pages stay stable while rows are added.
 */
import { InvalidArgumentError } from '@simlab/compute';
import type { Queryable } from './database.js';

export interface PageArgs {
  first: number;
  after?: string | null;
}

export interface Page<R> {
  rows: R[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface PageQuery {
  table: string;
  /** Select list producing the row type (aliases in camelCase). */
  columns: string;
  /** SQL conditions joined with AND; placeholders numbered from $1 against `params`. */
  where: string[];
  params: unknown[];
}

export const MAX_PAGE_SIZE = 100;

export async function selectPage<R>(db: Queryable, query: PageQuery, page: PageArgs): Promise<Page<R>> {
  if (!Number.isInteger(page.first) || page.first < 1 || page.first > MAX_PAGE_SIZE) {
    throw new InvalidArgumentError(`first must be an integer from 1 to ${MAX_PAGE_SIZE}; got ${page.first}`);
  }
  const where = [...query.where];
  const params = [...query.params];
  const countSql = `SELECT count(*)::int AS n FROM ${query.table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  const [{ n: totalCount } = { n: 0 }] = await db.query<{ n: number }>(countSql, params);
  if (page.after) {
    const { at, id } = decodeCursor(page.after);
    params.push(at, id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(page.first + 1);
  const sql =
    `SELECT ${query.columns}, created_at::text AS "cursorAt" FROM ${query.table}` +
    `${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`;
  const found = await db.query<R & { cursorAt: string; id: string }>(sql, params);
  const rows = found.slice(0, page.first);
  return {
    rows,
    cursors: rows.map((r) => encodeCursor(r.cursorAt, r.id)),
    hasNextPage: found.length > page.first,
    totalCount,
  };
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) return { at, id };
  } catch {
    // fall through to the error below
  }
  throw new InvalidArgumentError(
    `cursor ${JSON.stringify(cursor)} is not one this server issued; use a pageInfo.endCursor`,
  );
}

/** Builds WHERE fragments with numbered placeholders: `add('status = ?', value)` when value is set (every `?` is that value). */
export function createWhere(): {
  where: string[];
  params: unknown[];
  add(sql: string, value: unknown): void;
} {
  const where: string[] = [];
  const params: unknown[] = [];
  return {
    where,
    params,
    add(sql, value) {
      if (value === undefined || value === null) return;
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    },
  };
}
