import type { Metadata } from 'next';
import Link from 'next/link';
import { ClientSuspense } from '../../ui/shell/client-suspense';
import { TableSkeleton } from '../../ui/shell/table-skeleton';
import { StudyList } from '../../ui/studies/study-list';

export const metadata: Metadata = { title: 'Studies' };

export default function StudiesPage() {
  return (
    <>
      <header className="page-header">
        <h1>Studies</h1>
        <Link href="/studies/new" className="button-primary">
          Start a study
        </Link>
      </header>
      <ClientSuspense fallback={<TableSkeleton />}>
        <StudyList />
      </ClientSuspense>
    </>
  );
}
