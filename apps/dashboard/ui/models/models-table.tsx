'use client';
/**
 * Every model as a sortable table, zoo, trained and imported alike (ONNX models under the architectures their
 * users named): architecture and its origin, format, input shape, classes, norm, eps, clean and robust accuracy,
 * parameters. ?architecture= filters by architecture; ?sort=&dir= sorts.
 */
import { useQuery } from 'urql';
import type { ModelsQuery as ModelsData } from '../../lib/gql/graphql';
import { ModelsQuery } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { useUrlParams } from '../shell/use-url-state';
import { nextSort, parseSort } from '../tables/sort-rows';
import { type Column, SortableTable } from '../tables/sortable-table';
import { ArchitectureFilter } from './architecture-filter';

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

/** The server's count (the model's own metadata), else the model card's. */
export function parameterCount(model: Pick<ModelRow, 'card' | 'parameterCount'>): number | null {
  if (model.parameterCount != null) return model.parameterCount;
  const count = model.card?.parameterCount;
  return typeof count === 'number' ? count : null;
}

/** "28×28×1" (height × width × channels), or a dash before the model is verified. */
export function inputShapeLabel(shape: readonly number[] | null | undefined): string {
  return shape && shape.length > 0 ? shape.join('×') : '—';
}

const FORMATS: Record<string, string> = { ONNX: 'ONNX', TFJS_LAYERS: 'TF.js' };

const COLUMNS: Column<ModelRow>[] = [
  { id: 'name', header: 'Model', sortValue: (m) => m.name },
  {
    id: 'architecture',
    header: 'Architecture',
    sortValue: (m) => m.architecture.id,
    render: (m) => (
      <>
        {m.architecture.id}
        {m.architecture.origin === 'IMPORTED' && <span className="muted small"> (imported)</span>}
      </>
    ),
  },
  { id: 'origin', header: 'Origin', sortValue: (m) => m.origin, render: (m) => m.origin.toLowerCase() },
  {
    id: 'format',
    header: 'Format',
    sortValue: (m) => m.format ?? '',
    render: (m) => (m.format ? FORMATS[m.format] : '—'),
  },
  {
    id: 'input',
    header: 'Input',
    sortValue: (m) => inputShapeLabel(m.inputShape),
    render: (m) => inputShapeLabel(m.inputShape),
  },
  {
    id: 'classes',
    header: 'Classes',
    sortValue: (m) => m.classes,
    render: (m) => m.classes ?? '—',
    numeric: true,
  },
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
  const [params, setParams] = useUrlParams();
  const architecture = params.get('architecture');
  const [result] = useQuery({
    query: ModelsQuery,
    variables: { filter: architecture ? { architecture } : null },
  });
  throwIfFailed(result);
  const { data } = result;
  const sort = parseSort(
    params,
    COLUMNS.map((c) => c.id),
    { column: 'architecture', direction: 'asc' },
  );
  const rows = data?.models.edges.map((e) => e.node) ?? [];
  const count = data?.models.totalCount ?? 0;
  return (
    <>
      <div className="selectors">
        <ArchitectureFilter value={architecture} onChange={(a) => setParams({ architecture: a })} />
      </div>
      <SortableTable
        caption={`${count} model${count === 1 ? '' : 's'}${architecture ? ` of architecture ${architecture}` : ''}`}
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
    </>
  );
}
