import type { Metadata } from 'next';
import { JobsSkeleton } from '../../ui/jobs/jobs-skeleton';
import { LiveJobs } from '../../ui/jobs/live-jobs';
import { ClientSuspense } from '../../ui/shell/client-suspense';

export const metadata: Metadata = { title: 'Jobs' };

/** Live job list; ?status=RUNNING etc. filters it. */
export default function JobsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Jobs</h1>
      </header>
      <ClientSuspense fallback={<JobsSkeleton />}>
        <LiveJobs />
      </ClientSuspense>
    </>
  );
}
