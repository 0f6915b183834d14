import type { Metadata } from 'next';
import { ModelsTable } from '../../ui/models/models-table';
import { ClientSuspense } from '../../ui/shell/client-suspense';
import { TableSkeleton } from '../../ui/shell/table-skeleton';

export const metadata: Metadata = { title: 'Models' };

/** Every model (zoo, trained, imported); ?architecture=<id>&sort=<column>&dir=asc|desc. */
export default function ModelsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Models</h1>
      </header>
      <ClientSuspense fallback={<TableSkeleton />}>
        <ModelsTable />
      </ClientSuspense>
    </>
  );
}
