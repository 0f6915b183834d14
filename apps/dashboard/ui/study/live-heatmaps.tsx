'use client';
/**
 * Natural and inverted heatmaps that fill live: a snapshot of each matrix's cells (query) plus the cells stored
 * since (`resultAdded`). The subscriptions live above the Suspense boundary so they start with the snapshot.
 */
import { Suspense, useEffect, useMemo } from 'react';
import { useQuery, useSubscription } from 'urql';
import type { MatrixCellsQuery, ResultAddedSubscription as ResultAddedEvent } from '../../lib/gql/graphql';
import { MatrixCellsQuery as MatrixCellsDocument, ResultAddedSubscription } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { useResyncOnConnect } from '../shell/use-resync';
import { useUrlParams } from '../shell/use-url-state';
import { describeCell } from './describe-cell';
import type { CellRef } from './heatmap';
import { HeatmapPair, type MatrixPanel } from './heatmap-pair';
import { arrangeCells, type CellInput } from './matrix-values';
import { type AxisModel, type OrderedModel, orderModels, uniqueAxisLabels } from './order-models';
import { HeatmapsSkeleton } from './skeletons';

type Event = ResultAddedEvent['resultAdded'];
type Matrix = NonNullable<MatrixCellsQuery['matrix']>;
type CellResult = Matrix['cells'][number]['result'];

export interface LiveHeatmapsProps {
  naturalId: string | null;
  invertedId: string | null;
  /** The study's models with their axis data, any order. */
  models: readonly AxisModel[];
  architectureOrder: readonly string[];
  metricLabel: string;
  /** Bumped by the parent when the study's job finishes, to take a final snapshot. */
  revision: number;
}

function useCellEvents(matrixId: string | null): Event[] {
  const [{ data }] = useSubscription(
    { query: ResultAddedSubscription, variables: { matrixId: matrixId ?? '' }, pause: matrixId === null },
    (previous: Event[] = [], event) => [...previous, event.resultAdded],
  );
  return data ?? NO_EVENTS;
}

const NO_EVENTS: Event[] = [];

export function LiveHeatmaps(props: LiveHeatmapsProps) {
  const natural = useCellEvents(props.naturalId);
  const inverted = useCellEvents(props.invertedId);
  return (
    <Suspense fallback={<HeatmapsSkeleton />}>
      <MatrixPairView {...props} naturalEvents={natural} invertedEvents={inverted} />
    </Suspense>
  );
}

/** One heatmap's values (snapshot cells, then live events on top) and its tooltip details. */
function usePanel(
  id: 'natural' | 'inverted',
  matrix: Matrix | null,
  events: readonly Event[],
  order: readonly OrderedModel[],
): MatrixPanel | null {
  return useMemo(() => {
    if (!matrix) return null;
    const results = new Map<string, CellResult>();
    const cells: CellInput[] = [];
    for (const cell of matrix.cells) {
      cells.push(cell);
      results.set(`${cell.row},${cell.column}`, cell.result);
    }
    for (const e of events) {
      if (e.row === null || e.column === null) continue;
      cells.push({ row: e.row, column: e.column, value: e.result.value });
      results.set(`${e.row},${e.column}`, e.result);
    }
    return {
      id,
      title: id === 'natural' ? 'Natural images' : 'Inverted (row model’s inversions)',
      values: arrangeCells(order, cells),
      offDiagonalMean: matrix.status === 'READY' ? matrix.offDiagonalMean : null,
      describe: (at: CellRef) => {
        const r = order[at.row]?.matrixIndex;
        const c = order[at.col]?.matrixIndex;
        return describeCell(results.get(`${r},${c}`));
      },
    };
  }, [id, matrix, events, order]);
}

function useMatrix(id: string | null, revision: number) {
  const [result, reexecute] = useQuery({
    query: MatrixCellsDocument,
    variables: { id: id ?? '' },
    pause: id === null,
  });
  throwIfFailed(result);
  const { data } = result;
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch only when the parent bumps the revision
  useEffect(() => {
    if (revision > 0) refetch();
  }, [revision]);
  return { matrix: data?.matrix ?? null, refetch };
}

function MatrixPairView(props: LiveHeatmapsProps & { naturalEvents: Event[]; invertedEvents: Event[] }) {
  const natural = useMatrix(props.naturalId, props.revision);
  const inverted = useMatrix(props.invertedId, props.revision);
  useResyncOnConnect(() => {
    natural.refetch();
    inverted.refetch();
  });
  const [params, setParams] = useUrlParams();

  // Memoised so that moving the selection (a URL change) re-renders no cell: only values and labels do.
  const apiOrder = (natural.matrix ?? inverted.matrix)?.models;
  const { order, labels } = useMemo(() => {
    // Axis order from the matrix's own model list (API order = row/column index), detailed by the study's models.
    const byId = new Map(props.models.map((m) => [m.id, m]));
    const axisModels = (apiOrder ?? []).map(
      (m) => byId.get(m.id) ?? { id: m.id, name: m.id, architectureId: '?', eps: 0 },
    );
    const ordered = orderModels(axisModels, props.architectureOrder);
    return { order: ordered, labels: uniqueAxisLabels(ordered) };
  }, [apiOrder, props.models, props.architectureOrder]);
  const naturalPanel = usePanel('natural', natural.matrix, props.naturalEvents, order);
  const invertedPanel = usePanel('inverted', inverted.matrix, props.invertedEvents, order);
  const panels = [naturalPanel, invertedPanel].filter((p): p is MatrixPanel => p !== null);

  if (panels.length === 0) return <p className="empty">This study has no matrices yet.</p>;

  const cell = /^(\d+),(\d+)$/.exec(params.get('cell') ?? '');
  const active = cell ? { row: Number(cell[1]), col: Number(cell[2]) } : null;
  const inRange = active && active.row < labels.length && active.col < labels.length ? active : null;
  return (
    <HeatmapPair
      labels={labels}
      panels={panels}
      active={inRange}
      onActiveChange={(at) => setParams({ cell: `${at.row},${at.col}` })}
      metricLabel={props.metricLabel}
    />
  );
}
