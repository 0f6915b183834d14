import type { Metadata } from 'next';
import { ClientSuspense } from '../../../../ui/shell/client-suspense';
import { ChartSkeleton } from '../../../../ui/trends/chart-skeleton';
import { TrendView } from '../../../../ui/trends/trend-view';

export const metadata: Metadata = { title: 'Robustness trend' };

/** Robustness against similarity; ?mean=row|column. */
export default async function TrendPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <ClientSuspense fallback={<ChartSkeleton />}>
      <TrendView id={id} />
    </ClientSuspense>
  );
}
