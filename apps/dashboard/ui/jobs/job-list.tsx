/** Jobs with progress, status, elapsed time, ETA and errors; runners get a cancel button on active jobs. */

import { elapsedSeconds, etaSeconds, formatDuration, isCancellable } from './job-timing';
import { ProgressBar } from './progress-bar';

export interface JobView {
  id: string;
  kind: string;
  status: string;
  progress: number;
  message?: string | null;
  attempts: number;
  worker?: string | null;
  error?: { code: string; message: string } | null;
  createdAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  subjectType: string;
  subjectId: string;
}

export interface JobListProps {
  jobs: readonly JobView[];
  /** Milliseconds since the epoch; the clock the elapsed times and ETAs are computed against. */
  now: number;
  /** True for runner and admin tokens. */
  canCancel: boolean;
  onCancel?(id: string): void;
  /** Ids whose cancellation is in flight. */
  cancelling?: ReadonlySet<string>;
}

export function kindLabel(kind: string): string {
  return kind.toLowerCase().replaceAll('_', ' ');
}

export function JobList({ jobs, now, canCancel, onCancel, cancelling }: JobListProps) {
  if (jobs.length === 0) return <p className="empty">No jobs yet.</p>;
  return (
    <table className="job-list" data-testid="job-list">
      <thead>
        <tr>
          <th scope="col">Job</th>
          <th scope="col">Status</th>
          <th scope="col">Progress</th>
          <th scope="col">Elapsed</th>
          <th scope="col">ETA</th>
          {canCancel && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id} data-testid="job-row" data-job-id={job.id} data-status={job.status}>
            <td>
              <strong>{kindLabel(job.kind)}</strong>{' '}
              <span className="muted">
                {job.subjectType} {job.subjectId.slice(0, 8)}
              </span>
              {job.message && <div className="muted small">{job.message}</div>}
              {job.error && (
                <div className="job-error" role="alert">
                  <code>{job.error.code}</code> {job.error.message}
                </div>
              )}
            </td>
            <td>
              <span className={`badge badge-${job.status.toLowerCase()}`}>{job.status.toLowerCase()}</span>
              {job.attempts > 1 && <div className="muted small">attempt {job.attempts}</div>}
            </td>
            <td>
              <ProgressBar
                value={job.progress}
                status={job.status}
                label={`${kindLabel(job.kind)} progress`}
              />
            </td>
            <td>{formatDuration(elapsedSeconds(job, now))}</td>
            <td>{formatDuration(etaSeconds(job, now))}</td>
            {canCancel && (
              <td>
                {isCancellable(job.status) && (
                  <button
                    type="button"
                    className="button-danger"
                    disabled={cancelling?.has(job.id)}
                    onClick={() => onCancel?.(job.id)}
                  >
                    {cancelling?.has(job.id) ? 'Cancelling…' : 'Cancel'}
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
