'use client';
/**
 * Home: the newest study. A newcomer may arrive before the first study exists (the start command launches the
 * quick study on an empty database), so the page listens for study jobs and shows the study once one starts.
 */
import Link from 'next/link';
import { Suspense, useEffect } from 'react';
import { useQuery, useSubscription } from 'urql';
import { JobUpdatedSubscription, StudiesQuery } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { StudySkeleton } from '../study/skeletons';
import { StudyView } from '../study/study-view';

export function LatestStudy() {
  // Counts study jobs seen since the page opened; a new one means a new newest study.
  const [{ data }] = useSubscription(
    { query: JobUpdatedSubscription, variables: {} },
    (seen: string[] = [], event) =>
      event.jobUpdated.kind === 'STUDY' && !seen.includes(event.jobUpdated.id)
        ? [...seen, event.jobUpdated.id]
        : seen,
  );
  return (
    <Suspense fallback={<StudySkeleton />}>
      <NewestStudy studyJobs={data?.length ?? 0} />
    </Suspense>
  );
}

function NewestStudy({ studyJobs }: { studyJobs: number }) {
  const [result, reexecute] = useQuery({ query: StudiesQuery, variables: { first: 1 } });
  throwIfFailed(result);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch when another study job appears
  useEffect(() => {
    if (studyJobs > 0) reexecute({ requestPolicy: 'network-only' });
  }, [studyJobs]);
  const id = result.data?.studies.edges[0]?.node.id;
  if (!id) {
    return (
      <p className="empty">
        No study yet. <Link href="/studies/new">Start one</Link> from the zoo’s models.
      </p>
    );
  }
  return <StudyView id={id} />;
}
