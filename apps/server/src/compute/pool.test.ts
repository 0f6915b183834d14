/** The compute pool against real child processes: tasks sharing one job signal leave no listeners on it. */
import { getEventListeners } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createComputePool } from './pool.js';

describe('the compute pool', () => {
  const pool = createComputePool({ size: 1, logger: createLogger('error') });
  afterAll(() => pool.close());

  it('removes its cancel listener from the caller signal when each task settles', async () => {
    const job = new AbortController();
    for (let i = 0; i < 12; i++) {
      const info = await pool.run('backend-info', {}, { signal: job.signal });
      expect(info.pid).toBe(pool.pids()[0]);
    }
    // A name outside the protocol (a client of another version) fails in the child, not silently.
    await expect(pool.run('no-such-task' as 'backend-info', {}, { signal: job.signal })).rejects.toThrow(
      /unknown compute task/,
    );
    expect(getEventListeners(job.signal, 'abort')).toHaveLength(0);
  });
});
