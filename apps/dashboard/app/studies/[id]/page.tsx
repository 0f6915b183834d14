import type { Metadata } from 'next';
import { ClientSuspense } from '../../../ui/shell/client-suspense';
import { StudySkeleton } from '../../../ui/study/skeletons';
import { StudyView } from '../../../ui/study/study-view';

export const metadata: Metadata = { title: 'Study' };

/** A study's heatmaps; ?metric=&layer= pick the matrices, ?cell=r,c the selected cell. */
export default async function StudyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <ClientSuspense fallback={<StudySkeleton />}>
      <StudyView id={id} />
    </ClientSuspense>
  );
}
