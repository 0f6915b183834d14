'use client';
/**
 * Natural and inverted heatmaps that fill live. Each panel is its own component with its own Suspense boundary:
 * a snapshot of the matrix's cells (query) plus the cells stored since (`resultAdded`), so a matrix appearing
 * beside it (a running study's second stage) does not reset it. Subscriptions sit above each boundary so they
 * start with the snapshot; a panel takes a fresh snapshot when it mounts and when the socket reconnects.
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
import { HeatmapRowLayout, SHARED_SCALE } from './heatmap-pair';
import { HeatmapPanel, type MatrixPanel } from './heatmap-panel';
import { arrangeCells, axisPositions, type CellInput } from './matrix-values';
import { type AxisModel, orderModels, uniqueAxisLabels } from './order-models';
import { HeatmapsSkeleton } from './skeletons';

type Event = ResultAddedEvent['resultAdded'];
type Matrix = NonNullable<MatrixCellsQuery['matrix']>;
type CellResult = Matrix['cells'][number]['result'];

export interface LiveHeatmapsProps {
  naturalId: string | null;
  invertedId: string | null;
  /** The models on both axes, any order; matrices are matched to them by model id. */
  models: readonly AxisModel[];
  architectureOrder: readonly string[];
  metricLabel: string;
  /** Bumped by the parent when the study's job finishes, to take a final snapshot. */
  revision: number;
}

interface Axes {
  ids: string[];
  labels: string[];
}

export function LiveHeatmaps(props: LiveHeatmapsProps) {
  const axes = useMemo<Axes>(() => {
    const ordered = orderModels(props.models, props.architectureOrder);
    return { ids: ordered.map((m) => m.id), labels: uniqueAxisLabels(ordered) };
  }, [props.models, props.architectureOrder]);
  const [params, setParams] = useUrlParams();
  const cell = /^(\d+),(\d+)$/.exec(params.get('cell') ?? '');
  const k = axes.ids.length;
  const active =
    cell && Number(cell[1]) < k && Number(cell[2]) < k
      ? { row: Number(cell[1]), col: Number(cell[2]) }
      : null;
  if (!props.naturalId && !props.invertedId) return <p className="empty">This study has no matrices yet.</p>;

  const shared = {
    axes,
    active,
    onActiveChange: (at: CellRef) => setParams({ cell: `${at.row},${at.col}` }),
    metricLabel: props.metricLabel,
    revision: props.revision,
  };
  return (
    <HeatmapRowLayout metricLabel={props.metricLabel}>
      {props.naturalId && (
        <LivePanel key={props.naturalId} kind="natural" matrixId={props.naturalId} {...shared} />
      )}
      {props.invertedId && (
        <LivePanel key={props.invertedId} kind="inverted" matrixId={props.invertedId} {...shared} />
      )}
    </HeatmapRowLayout>
  );
}

interface LivePanelProps {
  kind: 'natural' | 'inverted';
  matrixId: string;
  axes: Axes;
  active: CellRef | null;
  onActiveChange(cell: CellRef): void;
  metricLabel: string;
  revision: number;
}

const NO_EVENTS: Event[] = [];

function LivePanel(props: LivePanelProps) {
  const [{ data }] = useSubscription(
    { query: ResultAddedSubscription, variables: { matrixId: props.matrixId } },
    (previous: Event[] = [], event) => [...previous, event.resultAdded],
  );
  return (
    <Suspense fallback={<HeatmapsSkeleton count={1} />}>
      <PanelView {...props} events={data ?? NO_EVENTS} />
    </Suspense>
  );
}

function PanelView({
  kind,
  matrixId,
  axes,
  events,
  revision,
  ...view
}: LivePanelProps & { events: readonly Event[] }) {
  const [result, reexecute] = useQuery({ query: MatrixCellsDocument, variables: { id: matrixId } });
  throwIfFailed(result);
  const matrix = result.data?.matrix ?? null;
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  // A second snapshot once mounted: the first query was sent before this panel's subscription (started when the
  // panel committed) reached the server, so a cell stored in between would be missing until the end. Also a fresh
  // one when the study finishes, and after the socket reconnects (events sent while it was down are lost).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on mount and when the revision changes
  useEffect(refetch, [revision]);
  useResyncOnConnect(refetch);
  const panel = usePanel(kind, matrix, events, axes);
  if (!panel) return <p className="empty">No matrix with id “{matrixId}”.</p>;
  return <HeatmapPanel panel={panel} labels={axes.labels} scale={SHARED_SCALE} {...view} />;
}

/** A panel's values (snapshot cells, then live events on top) and its tooltip details, in axis order. */
function usePanel(kind: 'natural' | 'inverted', matrix: Matrix | null, events: readonly Event[], axes: Axes) {
  return useMemo<MatrixPanel | null>(() => {
    if (!matrix) return null;
    const matrixIds = matrix.models.map((m) => m.id);
    const results = new Map<string, CellResult>();
    const cells: CellInput[] = [];
    for (const c of [
      ...matrix.cells,
      ...events.map((e) => ({ row: e.row, column: e.column, value: e.result.value, result: e.result })),
    ]) {
      if (c.row === null || c.column === null) continue;
      cells.push({ row: c.row, column: c.column, value: c.value });
      results.set(`${c.row},${c.column}`, c.result);
    }
    // Axis position -> matrix index, for the tooltip's details.
    const toMatrix = new Map(axisPositions(axes.ids, matrixIds).map((axis, i) => [axis, i]));
    return {
      id: kind,
      title: kind === 'natural' ? 'Natural images' : 'Inverted (row model’s inversions)',
      values: arrangeCells(axes.ids, matrixIds, cells),
      offDiagonalMean: matrix.status === 'READY' ? matrix.offDiagonalMean : null,
      describe: (at: CellRef) => describeCell(results.get(`${toMatrix.get(at.row)},${toMatrix.get(at.col)}`)),
    };
  }, [kind, matrix, events, axes]);
}
