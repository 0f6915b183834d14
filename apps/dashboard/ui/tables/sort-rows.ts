/** Sorting for the sortable tables; the sort lives in the URL as `?sort=<column>&dir=asc|desc`. */

export type SortDirection = 'asc' | 'desc';
export type SortValue = string | number | null | undefined;

export interface SortState {
  column: string;
  direction: SortDirection;
}

/** Stable sort by one key; missing values (null, undefined, NaN) go last in either direction. */
export function sortRows<T>(rows: readonly T[], key: (row: T) => SortValue, direction: SortDirection): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  const missing = (v: SortValue) =>
    v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
  return rows
    .map((row, i) => ({ row, i, v: key(row) }))
    .sort((a, b) => {
      if (missing(a.v) || missing(b.v))
        return missing(a.v) === missing(b.v) ? a.i - b.i : missing(a.v) ? 1 : -1;
      const cmp =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : String(a.v).localeCompare(String(b.v));
      return cmp === 0 ? a.i - b.i : sign * cmp;
    })
    .map((x) => x.row);
}

/** Reads `sort` and `dir` URL parameters, falling back when the column is unknown. */
export function parseSort(
  params: { get(name: string): string | null },
  columns: readonly string[],
  fallback: SortState,
): SortState {
  const column = params.get('sort');
  const dir = params.get('dir');
  return {
    column: column && columns.includes(column) ? column : fallback.column,
    direction: dir === 'asc' || dir === 'desc' ? dir : fallback.direction,
  };
}

/** Clicking a header: the same column flips direction, a new column starts ascending. */
export function nextSort(current: SortState, column: string): SortState {
  return current.column === column
    ? { column, direction: current.direction === 'asc' ? 'desc' : 'asc' }
    : { column, direction: 'asc' };
}
