'use client';
/** The live job list: snapshot + `jobUpdated` for all jobs; status filter in the URL; cancel for runners. */
import { useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import type { JobFieldsFragment, JobStatus } from '../../lib/gql/graphql';
import { CancelJobMutation, JobsQuery, JobUpdatedSubscription } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { useResyncOnConnect } from '../shell/use-resync';
import { canRun, useRole } from '../shell/use-role';
import { useUrlParams } from '../shell/use-url-state';
import { JobList } from './job-list';
import { isCancellable } from './job-timing';
import { mergeJobs } from './merge-jobs';
import { useNow } from './use-now';

const STATUSES: JobStatus[] = ['QUEUED', 'RUNNING', 'RETRYING', 'COMPLETED', 'FAILED', 'CANCELLED'];

export function JobsView({ events }: { events: readonly JobFieldsFragment[] }) {
  const [params, setParams] = useUrlParams();
  const wanted = params.get('status');
  const status = STATUSES.find((s) => s === wanted) ?? null;
  const [result, reexecute] = useQuery({
    query: JobsQuery,
    variables: { filter: status ? { status } : null },
  });
  throwIfFailed(result);
  const { data } = result;
  useResyncOnConnect(() => reexecute({ requestPolicy: 'network-only' }));
  const { role } = useRole();
  const [, cancelJob] = useMutation(CancelJobMutation);
  const [cancelling, setCancelling] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const jobs = mergeJobs(
    data?.jobs.edges.map((e) => e.node) ?? [],
    events,
    (j) => !status || j.status === status,
  );
  const now = useNow(jobs.some((j) => isCancellable(j.status)) ? 1000 : null);

  const cancel = async (id: string) => {
    setCancelling((s) => new Set(s).add(id));
    const result = await cancelJob({ id });
    setError(result.error ? result.error.message : null);
    setCancelling((s) => {
      const next = new Set(s);
      next.delete(id);
      return next;
    });
  };

  return (
    <>
      <div className="selectors">
        <label>
          Status{' '}
          <select value={status ?? ''} onChange={(e) => setParams({ status: e.target.value || null })}>
            <option value="">all</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">{data?.jobs.totalCount ?? 0} jobs</span>
      </div>
      {error && (
        <p className="job-error" role="alert">
          {error}
        </p>
      )}
      <JobList jobs={jobs} now={now} canCancel={canRun(role)} onCancel={cancel} cancelling={cancelling} />
    </>
  );
}

/** Listens to every job's updates above the Suspense boundary, so no event is lost while the list loads. */
export function useAllJobUpdates(): JobFieldsFragment[] {
  const [{ data }] = useSubscription(
    { query: JobUpdatedSubscription, variables: {} },
    (previous: JobFieldsFragment[] = [], event) => [...previous.slice(-500), event.jobUpdated],
  );
  return data ?? [];
}
