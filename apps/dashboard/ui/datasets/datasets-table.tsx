'use client';
/** Registered datasets as a sortable table: source, split, size, image shape, classes, content hash. */
import { useQuery } from 'urql';
import type { DatasetsQuery as DatasetsData } from '../../lib/gql/graphql';
import { DatasetsQuery } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { useUrlParams } from '../shell/use-url-state';
import { nextSort, parseSort } from '../tables/sort-rows';
import { type Column, SortableTable } from '../tables/sortable-table';

type DatasetRow = DatasetsData['datasets']['edges'][number]['node'];

/** "0: 16 · 1: 16 · …" (first six classes), so an unbalanced dataset shows at a glance. */
export function classBalance(names: readonly string[] | null, counts: readonly number[] | null): string {
  if (!counts?.length) return '—';
  const parts = counts.slice(0, 6).map((n, i) => `${names?.[i] ?? i}: ${n}`);
  return parts.join(' · ') + (counts.length > 6 ? ' · …' : '');
}

const COLUMNS: Column<DatasetRow>[] = [
  { id: 'name', header: 'Dataset', sortValue: (d) => d.name },
  { id: 'source', header: 'Source', sortValue: (d) => d.source },
  { id: 'split', header: 'Split', sortValue: (d) => d.split ?? '' },
  {
    id: 'count',
    header: 'Images',
    sortValue: (d) => d.count,
    numeric: true,
    render: (d) => d.count?.toLocaleString('en-US') ?? '—',
  },
  { id: 'shape', header: 'Shape', sortValue: (d) => d.imageShape?.join('×') ?? null },
  { id: 'classes', header: 'Classes', sortValue: (d) => d.classNames?.length ?? null, numeric: true },
  {
    id: 'balance',
    header: 'Images per class',
    sortValue: (d) => (d.classCounts?.length ? Math.min(...d.classCounts) : null),
    render: (d) => classBalance(d.classNames, d.classCounts),
  },
  {
    id: 'hash',
    header: 'Content hash',
    sortValue: (d) => d.contentHash,
    render: (d) => <code>{d.contentHash?.slice(0, 12) ?? '—'}</code>,
  },
  { id: 'status', header: 'Status', sortValue: (d) => d.status, render: (d) => d.status.toLowerCase() },
];

export function DatasetsTable() {
  const [result] = useQuery({ query: DatasetsQuery });
  throwIfFailed(result);
  const { data } = result;
  const [params, setParams] = useUrlParams();
  const sort = parseSort(
    params,
    COLUMNS.map((c) => c.id),
    { column: 'name', direction: 'asc' },
  );
  return (
    <SortableTable
      caption={`${data?.datasets.totalCount ?? 0} datasets`}
      rows={data?.datasets.edges.map((e) => e.node) ?? []}
      columns={COLUMNS}
      rowKey={(d) => d.id}
      sort={sort}
      onSort={(column) => {
        const next = nextSort(sort, column);
        setParams({ sort: next.column, dir: next.direction });
      }}
      testId="datasets-table"
    />
  );
}
