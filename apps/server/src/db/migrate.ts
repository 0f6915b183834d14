/**
 * Applies the numbered migrations in order, once each, identically on PGlite and PostgreSQL. A transaction-
 * scoped advisory lock lets several processes (server, workers) start at once against one PostgreSQL.
 */
import type { Database } from './database.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-dataset-pixels.js';
import * as m003 from './migrations/003-blobs.js';
import * as m004 from './migrations/004-study-pipeline.js';
import * as m005 from './migrations/005-robust-accuracy.js';
import * as m006 from './migrations/006-inversion-checkpoints.js';
import * as m007 from './migrations/007-imported-models.js';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, ...m001 },
  { version: 2, ...m002 },
  { version: 3, ...m003 },
  { version: 4, ...m004 },
  { version: 5, ...m005 },
  { version: 6, ...m006 },
  { version: 7, ...m007 },
];

/** Arbitrary constant: the advisory-lock key SimLab's migrations share. */
const MIGRATION_LOCK = 7_212_001;

/** Returns the versions it applied (empty when the database was up to date). */
export async function migrate(db: Database): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migration');
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}

/** Migrations hold plain DDL (no functions, no quoted semicolons), so splitting on `;` is exact. */
function splitStatements(sql: string): string[] {
  return sql
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
