import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { nextSort, parseSort, sortRows } from './sort-rows';
import { SortableTable } from './sortable-table';

const rows = [
  { name: 'vgg', eps: 1, acc: null },
  { name: 'mlp', eps: 0, acc: 0.97 },
  { name: 'lenet', eps: 0.5, acc: 0.98 },
];

describe('sortRows', () => {
  it('sorts numbers and strings both ways', () => {
    expect(sortRows(rows, (r) => r.eps, 'asc').map((r) => r.name)).toEqual(['mlp', 'lenet', 'vgg']);
    expect(sortRows(rows, (r) => r.name, 'desc').map((r) => r.name)).toEqual(['vgg', 'mlp', 'lenet']);
  });

  it('puts missing values last in either direction', () => {
    expect(sortRows(rows, (r) => r.acc, 'asc').map((r) => r.name)).toEqual(['mlp', 'lenet', 'vgg']);
    expect(sortRows(rows, (r) => r.acc, 'desc').map((r) => r.name)).toEqual(['lenet', 'mlp', 'vgg']);
  });
});

describe('sort state', () => {
  it('reads the URL, ignoring unknown columns and directions', () => {
    const params = new URLSearchParams('sort=eps&dir=desc');
    expect(parseSort(params, ['name', 'eps'], { column: 'name', direction: 'asc' })).toEqual({
      column: 'eps',
      direction: 'desc',
    });
    expect(
      parseSort(new URLSearchParams('sort=x&dir=up'), ['name'], { column: 'name', direction: 'asc' }),
    ).toEqual({
      column: 'name',
      direction: 'asc',
    });
  });

  it('flips the direction on the same column and starts ascending on a new one', () => {
    expect(nextSort({ column: 'eps', direction: 'asc' }, 'eps')).toEqual({
      column: 'eps',
      direction: 'desc',
    });
    expect(nextSort({ column: 'eps', direction: 'desc' }, 'name')).toEqual({
      column: 'name',
      direction: 'asc',
    });
  });
});

describe('SortableTable', () => {
  it('renders rows in sort order and marks the sorted column with aria-sort', () => {
    const html = renderToStaticMarkup(
      <SortableTable
        caption="Models"
        rows={rows}
        rowKey={(r) => r.name}
        sort={{ column: 'eps', direction: 'desc' }}
        onSort={() => {}}
        columns={[
          { id: 'name', header: 'Name', sortValue: (r) => r.name },
          { id: 'eps', header: 'eps', sortValue: (r) => r.eps, numeric: true },
        ]}
      />,
    );
    expect(html.indexOf('>vgg<')).toBeLessThan(html.indexOf('>lenet<'));
    expect(html.indexOf('>lenet<')).toBeLessThan(html.indexOf('>mlp<'));
    expect(html).toContain('aria-sort="descending"');
    expect(html.match(/aria-sort="none"/g)).toHaveLength(1);
  });
});
