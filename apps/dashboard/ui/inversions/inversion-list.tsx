'use client';
/** All inversions with their model, dataset, progress and mean final loss. */
import Link from 'next/link';
import { useQuery } from 'urql';
import { InversionsQuery } from '../../lib/queries';
import { ProgressBar } from '../jobs/progress-bar';
import { throwIfFailed } from '../shell/use-data';

export function InversionList() {
  const [result] = useQuery({ query: InversionsQuery, variables: {} });
  throwIfFailed(result);
  const { data } = result;
  const rows = data?.inversions.edges.map((e) => e.node) ?? [];
  if (rows.length === 0) return <p className="empty">No inversions yet; a study makes one per model.</p>;
  return (
    <table data-testid="inversion-list">
      <caption>{data?.inversions.totalCount} inversions</caption>
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Dataset</th>
          <th scope="col" className="numeric">
            Pairs
          </th>
          <th scope="col">Progress</th>
          <th scope="col" className="numeric">
            Mean final loss
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((inv) => (
          <tr key={inv.id}>
            <td>
              <Link href={`/inversions/${inv.id}`}>{inv.model.name}</Link>
            </td>
            <td>{inv.dataset.name}</td>
            <td className="numeric">{inv.pairCount}</td>
            <td>
              <ProgressBar
                value={inv.progress}
                status={inv.status === 'READY' ? 'COMPLETED' : inv.status}
                label={`${inv.model.name} inversion progress`}
              />
            </td>
            <td className="numeric">{inv.meanFinalLoss?.toFixed(3) ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
