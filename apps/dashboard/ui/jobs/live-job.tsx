'use client';
/**
 * One job's progress, live through `jobUpdated`: bar, status, message, elapsed, ETA and error. Tells the parent
 * when the job advances (new partial results to fetch) and when it reaches a final state.
 */
import { useEffect, useRef } from 'react';
import { useSubscription } from 'urql';
import type { JobFieldsFragment } from '../../lib/gql/graphql';
import { JobUpdatedSubscription } from '../../lib/queries';
import { elapsedSeconds, etaSeconds, formatDuration, isCancellable } from './job-timing';
import { ProgressBar } from './progress-bar';
import { useNow } from './use-now';

export interface LiveJobProps {
  job: JobFieldsFragment;
  label: string;
  onProgress?(job: JobFieldsFragment): void;
  onFinished?(job: JobFieldsFragment): void;
}

export function LiveJob({ job, label, onProgress, onFinished }: LiveJobProps) {
  const [{ data }] = useSubscription({ query: JobUpdatedSubscription, variables: { id: job.id } });
  const live = data?.jobUpdated && data.jobUpdated.updatedAt >= job.updatedAt ? data.jobUpdated : job;
  const now = useNow(isCancellable(live.status) ? 1000 : null);
  const seen = useRef({ status: live.status, progress: live.progress });
  useEffect(() => {
    const before = seen.current;
    seen.current = { status: live.status, progress: live.progress };
    if (before.progress !== live.progress) onProgress?.(live);
    if (before.status !== live.status && !isCancellable(live.status)) onFinished?.(live);
  }, [live, onProgress, onFinished]);
  const eta = etaSeconds(live, now);
  return (
    <div className="live-job" data-testid="live-job" data-status={live.status}>
      <ProgressBar value={live.progress} status={live.status} label={label} />
      <span className="muted small">
        {live.status.toLowerCase()}
        {live.message ? ` · ${live.message}` : ''} · elapsed {formatDuration(elapsedSeconds(live, now))}
        {eta !== null && ` · ETA ${formatDuration(eta)}`}
      </span>
      {live.error && (
        <p className="job-error" role="alert">
          <code>{live.error.code}</code> {live.error.message}
        </p>
      )}
    </div>
  );
}
