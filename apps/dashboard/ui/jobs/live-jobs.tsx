'use client';
import { Suspense } from 'react';
import { JobsSkeleton } from './jobs-skeleton';
import { JobsView, useAllJobUpdates } from './jobs-view';

/** The jobs page body: subscription first, then the (suspending) list. */
export function LiveJobs() {
  const events = useAllJobUpdates();
  return (
    <Suspense fallback={<JobsSkeleton />}>
      <JobsView events={events} />
    </Suspense>
  );
}
