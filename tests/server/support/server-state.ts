/**
 * A fingerprint of what a server has stored: every table of the public schema (row count and an md5 over its rows,
 * so an UPDATE shows as well as an INSERT) and the files under its data directory (blobs). Two equal fingerprints
 * mean a request changed nothing.
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { TestServer } from '../../../apps/server/src/test-support/test-server.js';

export interface ServerState {
  /** table -> "rows:md5" */
  tables: Record<string, string>;
  /** Paths under the data directory, sorted (PGlite's own files left out). */
  files: string[];
}

export async function serverState(t: TestServer): Promise<ServerState> {
  const db = t.server.services.db;
  const names = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const tables: Record<string, string> = {};
  for (const { name } of names) {
    const [row] = await db.query<{ n: number | string; h: string }>(
      `SELECT count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${name}" x`,
    );
    tables[name] = `${row!.n}:${row!.h}`;
  }
  return { tables, files: await listFiles(t.database.dataDir) };
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((path) => !path.startsWith('pglite'))
    .sort();
}
