import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { JobList, type JobView } from './job-list';
import { elapsedSeconds, etaSeconds, formatDuration, isCancellable } from './job-timing';

const t0 = Date.parse('2025-01-01T00:00:00Z');
const running: JobView = {
  id: 'j1',
  kind: 'INVERT',
  status: 'RUNNING',
  progress: 0.25,
  message: 'batch 1/4',
  attempts: 1,
  createdAt: '2025-01-01T00:00:00Z',
  startedAt: '2025-01-01T00:00:00Z',
  subjectType: 'Inversion',
  subjectId: 'abcdef0123456789',
};
const failed: JobView = {
  ...running,
  id: 'j2',
  status: 'FAILED',
  progress: 0.5,
  finishedAt: '2025-01-01T00:01:05Z',
  error: { code: 'SAME_LABEL_PAIR', message: 'seed and target share label 3 at pair 17' },
  attempts: 3,
};

describe('job timing', () => {
  it('measures elapsed time to now while running and to the finish once done', () => {
    expect(elapsedSeconds(running, t0 + 30_000)).toBe(30);
    expect(elapsedSeconds(failed, t0 + 999_000)).toBe(65);
    expect(elapsedSeconds({ ...running, startedAt: null }, t0)).toBeNull();
  });

  it('estimates the remaining time from the rate so far, only while running with progress', () => {
    // 30 s for 25% -> 90 s for the remaining 75%.
    expect(etaSeconds(running, t0 + 30_000)).toBe(90);
    expect(etaSeconds({ ...running, progress: 0 }, t0 + 30_000)).toBeNull();
    expect(etaSeconds(failed, t0 + 30_000)).toBeNull();
  });

  it('formats durations for people', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(75)).toBe('1m 15s');
    expect(formatDuration(3725)).toBe('1h 02m');
    expect(formatDuration(null)).toBe('—');
  });

  it('allows cancelling queued, running and retrying jobs only', () => {
    expect(['QUEUED', 'RUNNING', 'RETRYING'].every(isCancellable)).toBe(true);
    expect(['COMPLETED', 'FAILED', 'CANCELLED'].some(isCancellable)).toBe(false);
  });
});

describe('JobList', () => {
  const html = (canCancel: boolean) =>
    renderToStaticMarkup(<JobList jobs={[running, failed]} now={t0 + 30_000} canCancel={canCancel} />);

  it('shows progress, status, elapsed time, ETA and the error of each job', () => {
    const out = html(false);
    expect(out).toContain('aria-valuenow="25"');
    expect(out).toContain('1m 30s'); // ETA of the running job
    expect(out).toContain('1m 05s'); // elapsed of the failed job
    expect(out).toContain('SAME_LABEL_PAIR');
    expect(out).toContain('attempt 3');
  });

  it('offers cancel on active jobs to runners only', () => {
    expect(html(false)).not.toContain('Cancel');
    expect(html(true).match(/>Cancel</g)).toHaveLength(1);
  });
});
