/**
 * The one database handle the server and workers use, over PGlite (embedded, the default) or PostgreSQL
 * (DATABASE_URL). Both speak the same SQL, so migrations and queries are written once.
 */
import type { Db as BossDb } from 'pg-boss';

/** Anything that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Human-readable location for logs: a data directory or a URL without its password. */
  readonly location: string;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; the returned function stops listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** NOTIFY a channel (payload under 8000 bytes: a PostgreSQL limit). */
  notify(channel: string, payload: string): Promise<void>;
  /** The pg-boss connection options for this database: its adapter, or its connection string. */
  bossConnection(): { db: BossDb; backend: 'pglite' } | { connectionString: string; max: number };
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize?: number };

/** Opens the configured database (and creates a PGlite data directory on first use). */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'pglite') {
    const { openPglite } = await import('./pglite.js');
    return openPglite(config.dataDir);
  }
  const { openPostgres } = await import('./postgres.js');
  return openPostgres(config.url, config.poolSize);
}

/** `postgres://user:secret@host/db` -> `postgres://user@host/db`, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}
