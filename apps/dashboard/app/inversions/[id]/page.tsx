import type { Metadata } from 'next';
import { InversionView } from '../../../ui/inversions/inversion-view';
import { ClientSuspense } from '../../../ui/shell/client-suspense';
import { TableSkeleton } from '../../../ui/shell/table-skeleton';

export const metadata: Metadata = { title: 'Inversion' };

export default async function InversionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <ClientSuspense fallback={<TableSkeleton rows={10} />}>
      <InversionView id={id} />
    </ClientSuspense>
  );
}
