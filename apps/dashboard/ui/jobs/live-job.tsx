'use client';
/**
 * One job's progress, live through `jobUpdated`: bar, status, message, elapsed, ETA and error. Tells the parent
 * when the job advances (new partial results to fetch) and when it reaches a final state.
 *
 * The subscription sends changes from the moment it is open; a change between the page's query and that moment
 * (a short job, a slow browser) would be lost and the page would wait forever. So while the job runs, its state
 * is also read every POLL_SECONDS; the newest of the three (the page's, the pushed, the read) wins.
 */
import { useEffect, useRef } from 'react';
import { useQuery, useSubscription } from 'urql';
import type { JobFieldsFragment } from '../../lib/gql/graphql';
import { JobQuery, JobUpdatedSubscription } from '../../lib/queries';
import { elapsedSeconds, etaSeconds, formatDuration, isCancellable } from './job-timing';
import { ProgressBar } from './progress-bar';
import { useNow } from './use-now';

export interface LiveJobProps {
  job: JobFieldsFragment;
  label: string;
  onProgress?(job: JobFieldsFragment): void;
  onFinished?(job: JobFieldsFragment): void;
}

/** How often a running job's state is read besides the pushed events (a fallback, not the live path). */
const POLL_SECONDS = 10;

export function LiveJob({ job, label, onProgress, onFinished }: LiveJobProps) {
  const [{ data }] = useSubscription({ query: JobUpdatedSubscription, variables: { id: job.id } });
  const pushed = data?.jobUpdated && data.jobUpdated.updatedAt >= job.updatedAt ? data.jobUpdated : job;
  const [{ data: read }, reread] = useQuery({
    query: JobQuery,
    variables: { id: job.id },
    pause: !isCancellable(pushed.status),
    requestPolicy: 'network-only',
  });
  const polled = read?.job;
  const live = polled && polled.updatedAt > pushed.updatedAt ? polled : pushed;
  const running = isCancellable(live.status);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => reread({ requestPolicy: 'network-only' }), POLL_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [running, reread]);
  const now = useNow(running ? 1000 : null);
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
