import { ClientSuspense } from '../ui/shell/client-suspense';
import { LatestStudy } from '../ui/studies/latest-study';
import { StudySkeleton } from '../ui/study/skeletons';

/** Home: the newest study's heatmaps, so a newcomer watches the first study fill. */
export default function Home() {
  return (
    <ClientSuspense fallback={<StudySkeleton />}>
      <LatestStudy />
    </ClientSuspense>
  );
}
