/** Elapsed time and remaining-time estimate of a job, from its timestamps and progress. */

export interface JobTimes {
  status: string;
  progress: number;
  startedAt?: string | null;
  finishedAt?: string | null;
}

const ACTIVE = new Set(['QUEUED', 'RUNNING', 'RETRYING']);

/** Statuses a runner may cancel. */
export function isCancellable(status: string): boolean {
  return ACTIVE.has(status);
}

/** Seconds from start to finish, or to `now` while it runs; null before it starts. */
export function elapsedSeconds(job: JobTimes, now: number): number | null {
  if (!job.startedAt) return null;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  return Math.max(0, (end - Date.parse(job.startedAt)) / 1000);
}

/**
 * Remaining seconds at the average rate so far: elapsed * (1 - p) / p. Null unless running with some progress
 * (an estimate from no progress would be a guess).
 */
export function etaSeconds(job: JobTimes, now: number): number | null {
  const elapsed = elapsedSeconds(job, now);
  if (job.status !== 'RUNNING' || elapsed === null || job.progress <= 0 || job.progress >= 1) return null;
  return (elapsed * (1 - job.progress)) / job.progress;
}

/** 0 -> "0s", 75 -> "1m 15s", 3725 -> "1h 02m". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
