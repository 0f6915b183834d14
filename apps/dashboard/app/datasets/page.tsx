import type { Metadata } from 'next';
import { DatasetsTable } from '../../ui/datasets/datasets-table';
import { SampleSection } from '../../ui/datasets/sample-section';
import { SamplesSkeleton } from '../../ui/datasets/samples-skeleton';
import { ClientSuspense } from '../../ui/shell/client-suspense';
import { TableSkeleton } from '../../ui/shell/table-skeleton';

export const metadata: Metadata = { title: 'Datasets' };

export default function DatasetsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Datasets</h1>
      </header>
      <ClientSuspense fallback={<TableSkeleton />}>
        <DatasetsTable />
      </ClientSuspense>
      <section>
        <h2>Samples</h2>
        <ClientSuspense fallback={<SamplesSkeleton />}>
          <SampleSection />
        </ClientSuspense>
      </section>
    </>
  );
}
