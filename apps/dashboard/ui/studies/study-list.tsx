'use client';
/** All studies, newest first, with their state and off-diagonal means; links to each study's heatmaps. */
import Link from 'next/link';
import { useQuery } from 'urql';
import { StudiesQuery } from '../../lib/queries';
import { ProgressBar } from '../jobs/progress-bar';
import { throwIfFailed } from '../shell/use-data';

const mean = (value: number | null | undefined) => (value == null ? '—' : value.toFixed(3));

export function StudyList() {
  const [result] = useQuery({ query: StudiesQuery, variables: { first: 50 } });
  throwIfFailed(result);
  const { data } = result;
  const studies = data?.studies.edges.map((e) => e.node) ?? [];
  if (studies.length === 0) {
    return (
      <p className="empty">
        No studies yet. <Link href="/studies/new">Start one</Link>.
      </p>
    );
  }
  return (
    <table className="study-list" data-testid="study-list">
      <caption>{data?.studies.totalCount} studies</caption>
      <thead>
        <tr>
          <th scope="col">Study</th>
          <th scope="col">Models</th>
          <th scope="col">Dataset</th>
          <th scope="col">Status</th>
          <th scope="col" className="numeric">
            Natural mean
          </th>
          <th scope="col" className="numeric">
            Inverted mean
          </th>
        </tr>
      </thead>
      <tbody>
        {studies.map((s) => (
          <tr key={s.id}>
            <td>
              <Link href={`/studies/${s.id}`}>{s.name}</Link>
            </td>
            <td>{s.models.length}</td>
            <td>{s.dataset.name}</td>
            <td>
              {s.job && s.status !== 'READY' ? (
                <ProgressBar value={s.job.progress} status={s.job.status} label={`${s.name} progress`} />
              ) : (
                <span className={`badge badge-${s.status.toLowerCase()}`}>{s.status.toLowerCase()}</span>
              )}
            </td>
            <td className="numeric">{mean(s.naturalMatrix?.offDiagonalMean)}</td>
            <td className="numeric">{mean(s.invertedMatrix?.offDiagonalMean)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
