/** A matrix still computing answers `values` with nulls for the cells not done yet, not an error. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMatrix } from '../bench/seed-matrix.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

describe('SimilarityMatrix.values', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite' });
  });
  afterAll(async () => t?.close());

  it('holds null where a cell of a running matrix is not computed yet', async () => {
    const db = t.server.services.db;
    const id = await seedMatrix(db, 3, 'mlp');
    // Back to the state of a running matrix that has finished only its first row.
    await db.query(`UPDATE similarity_matrix SET status = 'RUNNING', values = NULL WHERE id = $1`, [id]);
    await db.query('DELETE FROM similarity_matrix_cell WHERE matrix_id = $1 AND row_index > 0', [id]);
    const res = await t.gql<{ matrix: { status: string; values: (number | null)[][] } }>(
      'query($id: ID!) { matrix(id: $id) { status values } }',
      { id },
    );
    expect(res.errors).toBeUndefined();
    const { status, values } = res.data!.matrix;
    expect(status).toBe('RUNNING');
    expect(values[0]![0]).toBe(1);
    expect(values[0]!.every((v) => typeof v === 'number')).toBe(true);
    expect(values.slice(1)).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
  });
});
