import { describe, expect, it } from 'vitest';
import { mergeJobs } from './merge-jobs';

const job = (id: string, createdAt: string, updatedAt: string, status = 'RUNNING') => ({
  id,
  createdAt,
  updatedAt,
  status,
});

describe('mergeJobs', () => {
  it('keeps the newest state of each job and adds jobs created since the snapshot, newest first', () => {
    const snapshot = [job('a', '2025-01-01T00:00:01Z', '2025-01-01T00:00:05Z')];
    const events = [
      job('a', '2025-01-01T00:00:01Z', '2025-01-01T00:00:09Z', 'COMPLETED'),
      job('b', '2025-01-01T00:00:07Z', '2025-01-01T00:00:07Z'),
      job('a', '2025-01-01T00:00:01Z', '2025-01-01T00:00:06Z'), // late, older event
    ];
    const merged = mergeJobs(snapshot, events);
    expect(merged.map((j) => [j.id, j.status])).toEqual([
      ['b', 'RUNNING'],
      ['a', 'COMPLETED'],
    ]);
  });

  it('applies the list filter to live jobs too', () => {
    const merged = mergeJobs(
      [],
      [job('a', '1', '2', 'COMPLETED'), job('b', '1', '2')],
      (j) => j.status === 'RUNNING',
    );
    expect(merged.map((j) => j.id)).toEqual(['b']);
  });
});
