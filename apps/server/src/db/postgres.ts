/** PostgreSQL (node-postgres pool) behind the Database interface. */
import pg from 'pg';
import { type Database, type Queryable, redactUrl } from './database.js';
import { createListener } from './pg-listener.js';

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection emits here; without a handler the process would crash.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  const listener = createListener(url);
  const asQueryable = (runner: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(text: string, params?: readonly unknown[]) {
      const result = await runner.query(text, params as unknown[] | undefined);
      return result.rows as R[];
    },
  });
  return {
    kind: 'postgres',
    location: redactUrl(url),
    ...asQueryable(pool),
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(asQueryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    bossConnection: () => ({ connectionString: url, max: Math.max(2, Math.ceil(poolSize / 2)) }),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
