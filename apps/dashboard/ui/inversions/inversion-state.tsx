'use client';
/**
 * An inversion's own state: its status and its batches done. The live job line (message, ETA) shows only when
 * the job is this inversion's own (startInversion); an inversion computed as one row of a study or matrix
 * shows its batches, not the study's progress, and its page refreshes as the study's job stores them.
 */
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useSubscription } from 'urql';
import type { EntityStatus, JobFieldsFragment } from '../../lib/gql/graphql';
import { JobUpdatedSubscription } from '../../lib/queries';
import { LiveJob } from '../jobs/live-job';
import { ProgressBar } from '../jobs/progress-bar';

export interface InversionStateProps {
  inversion: {
    id: string;
    status: EntityStatus;
    progress: number;
    batchesDone: number;
    batchCount: number;
    job: JobFieldsFragment | null;
  };
  /** Called when new batches may have been stored (refetch), and when the inversion's job ends. */
  onProgress(): void;
  onFinished(): void;
}

/** 'own': the job is this inversion's; 'other': a study's or a matrix's job computes it; 'none': no job. */
export function jobRole(inversion: InversionStateProps['inversion']): 'own' | 'other' | 'none' {
  const { job } = inversion;
  if (!job) return 'none';
  return job.subjectType === 'Inversion' && job.subjectId === inversion.id ? 'own' : 'other';
}

/** The bar's colour for an entity status (the bar is coloured like a job's). */
export function barStatus(status: EntityStatus): string {
  return {
    PENDING: 'QUEUED',
    RUNNING: 'RUNNING',
    READY: 'COMPLETED',
    FAILED: 'FAILED',
    CANCELLED: 'CANCELLED',
  }[status];
}

export function InversionState({ inversion, onProgress, onFinished }: InversionStateProps) {
  const role = jobRole(inversion);
  if (role === 'own') {
    return (
      <LiveJob
        job={inversion.job!}
        label="Inversion progress"
        onProgress={onProgress}
        onFinished={onFinished}
      />
    );
  }
  const running = inversion.status === 'PENDING' || inversion.status === 'RUNNING';
  return (
    <div className="live-job" data-testid="inversion-state" data-status={inversion.status}>
      <ProgressBar
        value={inversion.progress}
        status={barStatus(inversion.status)}
        label="Inversion progress"
      />
      <span className="muted small">
        {inversion.status.toLowerCase()} · {inversion.batchesDone}/{inversion.batchCount} batches
        {role === 'other' && running && (
          <>
            {' '}
            · computed by a {inversion.job!.kind.toLowerCase()} job (<Link href="/jobs">jobs</Link>)
          </>
        )}
      </span>
      {role === 'other' && running && <JobWatcher jobId={inversion.job!.id} onChange={onProgress} />}
    </div>
  );
}

/** Calls `onChange` whenever the job moves (a study's job stores this inversion's batches as it runs). */
function JobWatcher({ jobId, onChange }: { jobId: string; onChange(): void }) {
  const [{ data }] = useSubscription({ query: JobUpdatedSubscription, variables: { id: jobId } });
  const last = useRef<number | undefined>(undefined);
  const progress = data?.jobUpdated.progress;
  useEffect(() => {
    if (progress !== undefined && progress !== last.current) {
      last.current = progress;
      onChange();
    }
  }, [progress, onChange]);
  return null;
}
