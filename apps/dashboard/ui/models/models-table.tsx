'use client';
/** The model zoo as a sortable table: architecture, norm, eps, clean and robust accuracy, parameters. */
import { useQuery } from 'urql';
import type { ModelsQuery as ModelsData } from '../../lib/gql/graphql';
import { ModelsQuery } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { useUrlParams } from '../shell/use-url-state';
import { nextSort, parseSort } from '../tables/sort-rows';
import { type Column, SortableTable } from '../tables/sortable-table';

type ModelRow = ModelsData['models']['edges'][number]['node'];

const percent = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Robust accuracy: the latest finished evaluation at the model's own eps, else the model card's. */
export function robustAccuracy(model: Pick<ModelRow, 'robustness' | 'card' | 'eps'>): number | null {
  const evaluated = model.robustness.filter((r) => r.status === 'READY' && r.accuracy !== null);
  const atOwnEps = evaluated.filter((r) => r.eps === model.eps).at(-1) ?? evaluated.at(-1);
  if (atOwnEps?.accuracy != null) return atOwnEps.accuracy;
  const evaluation = model.card?.evaluation as { robustAccuracy?: unknown } | undefined;
  return typeof evaluation?.robustAccuracy === 'number' ? evaluation.robustAccuracy : null;
}

export function parameterCount(model: Pick<ModelRow, 'card'>): number | null {
  const count = model.card?.parameterCount;
  return typeof count === 'number' ? count : null;
}

const COLUMNS: Column<ModelRow>[] = [
  { id: 'name', header: 'Model', sortValue: (m) => m.name },
  { id: 'architecture', header: 'Architecture', sortValue: (m) => m.architecture.id },
  { id: 'norm', header: 'Norm', sortValue: (m) => m.norm ?? '', render: (m) => m.norm?.toLowerCase() ?? '—' },
  { id: 'eps', header: 'eps', sortValue: (m) => m.eps, numeric: true },
  {
    id: 'clean',
    header: 'Clean acc.',
    sortValue: (m) => m.cleanAccuracy,
    render: (m) => percent(m.cleanAccuracy),
    numeric: true,
  },
  {
    id: 'robust',
    header: 'Robust acc.',
    sortValue: robustAccuracy,
    render: (m) => percent(robustAccuracy(m)),
    numeric: true,
  },
  {
    id: 'params',
    header: 'Parameters',
    sortValue: parameterCount,
    render: (m) => parameterCount(m)?.toLocaleString('en-US') ?? '—',
    numeric: true,
  },
  { id: 'status', header: 'Status', sortValue: (m) => m.status, render: (m) => m.status.toLowerCase() },
];

export function ModelsTable() {
  const [result] = useQuery({ query: ModelsQuery, variables: {} });
  throwIfFailed(result);
  const { data } = result;
  const [params, setParams] = useUrlParams();
  const sort = parseSort(
    params,
    COLUMNS.map((c) => c.id),
    { column: 'architecture', direction: 'asc' },
  );
  const rows = data?.models.edges.map((e) => e.node) ?? [];
  return (
    <SortableTable
      caption={`${data?.models.totalCount ?? 0} models`}
      rows={rows}
      columns={COLUMNS}
      rowKey={(m) => m.id}
      sort={sort}
      onSort={(column) => {
        const next = nextSort(sort, column);
        setParams({ sort: next.column, dir: next.direction });
      }}
      testId="models-table"
    />
  );
}
