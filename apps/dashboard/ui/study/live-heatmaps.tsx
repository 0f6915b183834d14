'use client';
/**
 * Natural and inverted heatmaps that fill live: a snapshot of each matrix's cells (query) plus the cells stored
 * since (`resultAdded`). The subscriptions live above the Suspense boundary so they start with the snapshot.
 */
import { Suspense, useEffect } from 'react';
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
import { type AxisModel, orderModels, uniqueAxisLabels } from './order-models';
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
  return data ?? [];
}

export function LiveHeatmaps(props: LiveHeatmapsProps) {
  const natural = useCellEvents(props.naturalId);
  const inverted = useCellEvents(props.invertedId);
  return (
    <Suspense fallback={<HeatmapsSkeleton />}>
      <MatrixPairView {...props} naturalEvents={natural} invertedEvents={inverted} />
    </Suspense>
  );
}

interface PanelData {
  id: 'natural' | 'inverted';
  matrix: Matrix | null;
  events: readonly Event[];
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

  // Axis order from the matrix's own model list (API order = row/column index), detailed by the study's models.
  const apiOrder = (natural.matrix ?? inverted.matrix)?.models ?? [];
  const byId = new Map(props.models.map((m) => [m.id, m]));
  const axisModels = apiOrder.map(
    (m) => byId.get(m.id) ?? { id: m.id, name: m.id, architectureId: '?', eps: 0 },
  );
  const order = orderModels(axisModels, props.architectureOrder);
  const labels = uniqueAxisLabels(order);

  const panels: MatrixPanel[] = (
    [
      { id: 'natural', matrix: natural.matrix, events: props.naturalEvents },
      { id: 'inverted', matrix: inverted.matrix, events: props.invertedEvents },
    ] as PanelData[]
  )
    .filter((p) => p.matrix !== null)
    .map(({ id, matrix, events }) => {
      const results = new Map<string, CellResult>();
      const cells: CellInput[] = [];
      for (const cell of matrix!.cells) {
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
        offDiagonalMean: matrix!.status === 'READY' ? matrix!.offDiagonalMean : null,
        describe: (at: CellRef) => {
          const r = order[at.row]?.matrixIndex;
          const c = order[at.col]?.matrixIndex;
          return describeCell(results.get(`${r},${c}`));
        },
      };
    });

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
