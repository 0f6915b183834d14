/**
 * Answers about READY entities are kept serialized and replayed without touching the database; anything that
 * can still change (a running matrix, a running job, a list) is computed afresh every time.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMatrix } from '../bench/seed-matrix.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const MATRIX = `query($id: ID!) { matrix(id: $id) { id status values models { id name architecture { id } }
  cells { row column value result { id value confidenceInterval { low } provenance { requestKey } } } } }`;

describe('the answer cache', () => {
  let t: TestServer;
  let queries = 0;
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite' });
    // Count the reads of what a matrix answer holds (the loaders and resolvers share this handle; the queue's
    // reconciler reads jobs in the background, so those are not counted).
    const db = t.server.services.db;
    const query = db.query.bind(db);
    const matrixTables =
      /\b(similarity_matrix|similarity_matrix_cell|similarity_result|model|architecture)\b/;
    db.query = ((text: string, params?: readonly unknown[]) => {
      if (matrixTables.test(text)) queries++;
      return query(text, params);
    }) as typeof db.query;
  });
  afterAll(async () => t?.close());

  async function post(query: string, variables: Record<string, unknown>, token?: string) {
    const before = queries;
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: res.status,
      cacheControl: res.headers.get('cache-control'),
      body: await res.text(),
      queries: queries - before,
    };
  }

  it('replays a READY matrix without a database query, byte for byte', async () => {
    const id = await seedMatrix(t.server.services.db, 3, 'mlp');
    const first = await post(MATRIX, { id });
    expect(first.status).toBe(200);
    expect(first.cacheControl).toBe('max-age=31536000, public');
    expect(first.queries).toBeGreaterThan(0);
    const second = await post(MATRIX, { id });
    expect(second).toEqual({ ...first, queries: 0 });
    expect(JSON.parse(second.body).data.matrix.cells).toHaveLength(9);
  });

  it('computes a running matrix afresh each time, so new cells show', async () => {
    const id = await seedMatrix(t.server.services.db, 2, 'mlp');
    const db = t.server.services.db;
    await db.query(`UPDATE similarity_matrix SET status = 'RUNNING', values = NULL WHERE id = $1`, [id]);
    await db.query('DELETE FROM similarity_matrix_cell WHERE matrix_id = $1 AND row_index = 1', [id]);
    const first = await post(MATRIX, { id });
    expect(first.cacheControl).toBe('no-store');
    expect(JSON.parse(first.body).data.matrix.cells).toHaveLength(2);
    await db.query(
      `INSERT INTO similarity_matrix_cell (matrix_id, row_index, col_index, result_id)
       SELECT matrix_id, 1, col_index, result_id FROM similarity_matrix_cell WHERE matrix_id = $1 AND row_index = 0`,
      [id],
    );
    const second = await post(MATRIX, { id });
    expect(second.queries).toBeGreaterThan(0);
    expect(JSON.parse(second.body).data.matrix.cells).toHaveLength(4);
  });

  it('does not keep a READY matrix with the state of a job that still runs', async () => {
    const id = await seedMatrix(t.server.services.db, 2, 'mlp');
    const jobId = randomUUID();
    const db = t.server.services.db;
    await db.query(
      `INSERT INTO job (id, kind, status, subject_type, subject_id, input) VALUES ($1, 'study', 'RUNNING', 'Study', 'x', '{}')`,
      [jobId],
    );
    await db.query('UPDATE similarity_matrix SET job_id = $2 WHERE id = $1', [id, jobId]);
    const withJob = 'query($id: ID!) { matrix(id: $id) { id job { status progress } } }';
    const first = await post(withJob, { id });
    expect(first.cacheControl).toBe('no-store');
    await db.query('UPDATE job SET progress = 0.5 WHERE id = $1', [jobId]);
    expect(JSON.parse((await post(withJob, { id })).body).data.matrix.job).toEqual({
      status: 'RUNNING',
      progress: 0.5,
    });
    // Without the job, the same matrix is final.
    expect((await post('query($id: ID!) { matrix(id: $id) { id values } }', { id })).cacheControl).toBe(
      'max-age=31536000, public',
    );
  });

  it('never keeps lists, which grow', async () => {
    await post('{ matrices { totalCount } }', {});
    expect(await post('{ matrices { totalCount } }', {})).toMatchObject({ cacheControl: 'no-store' });
    expect((await post('{ matrices { totalCount } }', {})).queries).toBeGreaterThan(0);
  });

  it('replays a kept answer only to a caller the server lets in', async () => {
    const id = await seedMatrix(t.server.services.db, 2, 'mlp');
    expect((await post(MATRIX, { id }, t.tokens.viewer)).status).toBe(200);
    const refused = await post(MATRIX, { id }, 'slk_not-a-real-token');
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
