/** A table whose column headers sort it (buttons with aria-sort); the caller keeps the sort state (in the URL). */
import type { ReactNode } from 'react';
import { type SortState, type SortValue, sortRows } from './sort-rows';

export interface Column<T> {
  id: string;
  header: string;
  sortValue(row: T): SortValue;
  /** Cell content; defaults to the sort value. */
  render?(row: T): ReactNode;
  numeric?: boolean;
}

export interface SortableTableProps<T> {
  caption: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey(row: T): string;
  sort: SortState;
  onSort(column: string): void;
  testId?: string;
}

export function SortableTable<T>({
  caption,
  rows,
  columns,
  rowKey,
  sort,
  onSort,
  testId,
}: SortableTableProps<T>) {
  const column = columns.find((c) => c.id === sort.column) ?? columns[0]!;
  const sorted = sortRows(rows, column.sortValue, sort.direction);
  return (
    <div className="table-scroll">
      <table className="sortable" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = c.id === column.id;
              return (
                <th
                  key={c.id}
                  scope="col"
                  className={c.numeric ? 'numeric' : undefined}
                  aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="sort-button" onClick={() => onSort(c.id)}>
                    {c.header}
                    <span aria-hidden className="sort-arrow">
                      {active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.id} className={c.numeric ? 'numeric' : undefined}>
                  {c.render ? c.render(row) : (c.sortValue(row) ?? '—')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
