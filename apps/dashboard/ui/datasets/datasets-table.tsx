'use client';
/** Registered datasets as a sortable table: source, split, size, image shape, classes, content hash. */
import { useQuery } from 'urql';
import type { DatasetsQuery as DatasetsData } from '../../lib/gql/graphql';
import { DatasetsQuery } from '../../lib/queries';
import { useUrlParams } from '../shell/use-url-state';
import { nextSort, parseSort } from '../tables/sort-rows';
import { type Column, SortableTable } from '../tables/sortable-table';

type DatasetRow = DatasetsData['datasets']['edges'][number]['node'];

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
    id: 'hash',
    header: 'Content hash',
    sortValue: (d) => d.contentHash,
    render: (d) => <code>{d.contentHash?.slice(0, 12) ?? '—'}</code>,
  },
  { id: 'status', header: 'Status', sortValue: (d) => d.status, render: (d) => d.status.toLowerCase() },
];

export function DatasetsTable() {
  const [{ data }] = useQuery({ query: DatasetsQuery });
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
