import type { Metadata } from 'next';
import { ClientSuspense } from '../../../ui/shell/client-suspense';
import { TableSkeleton } from '../../../ui/shell/table-skeleton';
import { StartStudy } from '../../../ui/studies/start-study';

export const metadata: Metadata = { title: 'Start a study' };

export default function NewStudyPage() {
  return (
    <>
      <header className="page-header">
        <h1>Start a study</h1>
        <p className="muted">
          Natural and inverted similarity matrices over the picked models, and the robustness trend (SPEC §5,
          §6).
        </p>
      </header>
      <ClientSuspense fallback={<TableSkeleton rows={8} />}>
        <StartStudy />
      </ClientSuspense>
    </>
  );
}
