/** PGlite (PostgreSQL compiled to WASM, in-process) behind the Database interface. */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { fromPglite } from 'pg-boss';
import type { Database, Queryable } from './database.js';

export async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const pg = new PGlite(dataDir);
  await pg.waitReady;
  const asQueryable = (runner: Pick<PGlite, 'query'>): Queryable => ({
    async query<R>(text: string, params?: readonly unknown[]) {
      const result = await runner.query<R>(text, params as unknown[] | undefined);
      return result.rows;
    },
  });
  return {
    kind: 'pglite',
    location: dataDir,
    ...asQueryable(pg),
    async exec(sql) {
      await pg.exec(sql);
    },
    // PGlite has one connection; its transaction() holds a lock so other callers wait instead of joining in.
    transaction: (fn) => pg.transaction((tx) => fn(asQueryable(tx))),
    async listen(channel, onPayload) {
      const unlisten = await pg.listen(channel, onPayload);
      return unlisten;
    },
    async notify(channel, payload) {
      await pg.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    bossConnection: () => ({ db: fromPglite(pg), backend: 'pglite' }),
    close: () => pg.close(),
  };
}
