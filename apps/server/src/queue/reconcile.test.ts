import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultQueue } from '../config.js';
import { getJob } from '../db/job.queries.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

describe('job reconciliation', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      database: 'pglite',
      worker: false,
      config: {
        queue: { ...defaultQueue, retryLimit: 0, superviseIntervalSeconds: 1, heartbeatSeconds: 10 },
      },
    });
  });
  afterAll(async () => t?.close());

  it('marks a job FAILED with WORKER_CRASHED when pg-boss failed it after its worker vanished', async () => {
    const { queue, db } = t.server.services;
    const job = await queue.enqueue({
      kind: 'invert',
      subjectType: 'Inversion',
      subjectId: 'none',
      input: {},
      createdBy: null,
    });
    const [claimed] = await queue.boss.fetch('invert');
    expect(claimed?.id).toBe(job.id);
    await queue.update(job.id, { status: 'RUNNING', worker: 'gone:1', started: true, attempt: true });
    // What pg-boss's monitor does to a job whose heartbeat stopped on its last attempt.
    await queue.boss.fail('invert', job.id, { message: 'job heartbeat timeout' });
    const deadline = Date.now() + 10_000;
    while ((await getJob(db, job.id))?.status === 'RUNNING' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await getJob(db, job.id)).toMatchObject({ status: 'FAILED', errorCode: 'WORKER_CRASHED' });
  });
});
