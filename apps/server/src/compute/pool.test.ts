/**
 * The compute pool against real child processes: tasks sharing one job signal leave no listeners on it; tasks
 * asked `ahead` overtake the waiting ones.
 */
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

  it('runs waiting tasks in the order asked, those asked ahead first (in their own order)', async () => {
    const order: string[] = [];
    const run = (name: string, ahead?: boolean) =>
      pool.run('backend-info', {}, { ahead }).then(() => void order.push(name));
    // One child: the first task takes it at once, the others wait.
    await Promise.all([
      run('running'),
      run('inversion 1'),
      run('inversion 2'),
      run('row 1', true),
      run('inversion 3'),
      run('row 2', true),
    ]);
    expect(order).toEqual(['running', 'row 1', 'row 2', 'inversion 1', 'inversion 2', 'inversion 3']);
  });
});
