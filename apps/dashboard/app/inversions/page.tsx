import type { Metadata } from 'next';
import { InversionList } from '../../ui/inversions/inversion-list';
import { ClientSuspense } from '../../ui/shell/client-suspense';
import { TableSkeleton } from '../../ui/shell/table-skeleton';

export const metadata: Metadata = { title: 'Inversions' };

export default function InversionsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Inversions</h1>
      </header>
      <ClientSuspense fallback={<TableSkeleton />}>
        <InversionList />
      </ClientSuspense>
    </>
  );
}
