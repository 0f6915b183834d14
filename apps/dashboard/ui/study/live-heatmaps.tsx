'use client';
/**
 * Natural and inverted heatmaps that fill live. Each panel is its own component with its own Suspense boundary:
 * a snapshot of the matrix's cells (query) plus the cells stored since (`resultAdded`), so a matrix appearing
 * beside it (a running study's second stage) does not reset it. Subscriptions sit above each boundary so they
 * start with the snapshot; a panel takes a fresh snapshot when it mounts and when the socket reconnects.
 */
import { type ReactNode, Suspense, useEffect, useMemo } from 'react';
import { useQuery, useSubscription } from 'urql';
import type { MatrixCellsQuery, ResultAddedSubscription as ResultAddedEvent } from '../../lib/gql/graphql';
import { MatrixCellsQuery as MatrixCellsDocument, ResultAddedSubscription } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { useResyncOnConnect } from '../shell/use-resync';
import { useUrlParams } from '../shell/use-url-state';
import {
  type CellStatistics,
  cellLines,
  ESTIMATOR_LABELS,
  type Estimator,
  estimatorValue,
} from './cell-statistics';
import { describeCell } from './describe-cell';
import { EstimatorSelect, readEstimator } from './estimator-select';
import type { CellRef } from './heatmap';
import { HeatmapRowLayout, SHARED_SCALE } from './heatmap-pair';
import { HeatmapPanel, type MatrixPanel } from './heatmap-panel';
import { arrangeCells, axisPositions, type CellInput } from './matrix-values';
import type { AxisModel } from './order-models';
import { HeatmapsSkeleton } from './skeletons';
import { type Axes, useAxes } from './study-axes';

type Event = ResultAddedEvent['resultAdded'];
type Matrix = NonNullable<MatrixCellsQuery['matrix']>;

export interface LiveHeatmapsProps {
  naturalId: string | null;
  invertedId: string | null;
  /** The models on both axes, any order; matrices are matched to them by model id. */
  models: readonly AxisModel[];
  architectureOrder: readonly string[];
  metricLabel: string;
  /** Bumped by the parent when the study's job finishes, to take a final snapshot. */
  revision: number;
  /** Panels shown beside the two heatmaps, on the same axes (a study's prediction agreement). */
  beside?: (shared: SharedPanelProps) => ReactNode;
}

/** What every panel of the row shares: the axes and the selected cell. */
export interface SharedPanelProps {
  axes: Axes;
  active: CellRef | null;
  onActiveChange(cell: CellRef): void;
}

export function LiveHeatmaps(props: LiveHeatmapsProps) {
  const axes = useAxes(props.models, props.architectureOrder);
  const [params, setParams] = useUrlParams();
  const estimator = readEstimator(params.get('estimator'));
  const cell = /^(\d+),(\d+)$/.exec(params.get('cell') ?? '');
  const k = axes.ids.length;
  const active =
    cell && Number(cell[1]) < k && Number(cell[2]) < k
      ? { row: Number(cell[1]), col: Number(cell[2]) }
      : null;
  if (!props.naturalId && !props.invertedId) return <p className="empty">This study has no matrices yet.</p>;

  const panelShared: SharedPanelProps = {
    axes,
    active,
    onActiveChange: (at: CellRef) => setParams({ cell: `${at.row},${at.col}` }),
  };
  const metricLabel = `${props.metricLabel}: ${ESTIMATOR_LABELS[estimator]} where the cells have it`;
  const shared = { ...panelShared, metricLabel, revision: props.revision, estimator };
  return (
    <>
      <EstimatorSelect value={estimator} onChange={(e) => setParams({ estimator: e })} />
      <HeatmapRowLayout metricLabel={metricLabel}>
        {props.naturalId && (
          <LivePanel key={props.naturalId} kind="natural" matrixId={props.naturalId} {...shared} />
        )}
        {props.invertedId && (
          <LivePanel key={props.invertedId} kind="inverted" matrixId={props.invertedId} {...shared} />
        )}
        {props.beside?.(panelShared)}
      </HeatmapRowLayout>
    </>
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
  estimator: Estimator;
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
  estimator,
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
  const panel = usePanel(kind, matrix, events, axes, estimator);
  if (!panel) return <p className="empty">No matrix with id “{matrixId}”.</p>;
  return <HeatmapPanel panel={panel} labels={axes.labels} scale={SHARED_SCALE} {...view} />;
}

/**
 * A panel's values (snapshot cells, then live events on top) in axis order, for the chosen estimator, with each
 * cell's statistics (tooltip, numbers table) and, once the matrix is complete, its marks against the null.
 */
function usePanel(
  kind: 'natural' | 'inverted',
  matrix: Matrix | null,
  events: readonly Event[],
  axes: Axes,
  estimator: Estimator,
) {
  return useMemo<MatrixPanel | null>(() => {
    if (!matrix) return null;
    const matrixIds = matrix.models.map((m) => m.id);
    const stats = new Map<string, CellStatistics>();
    const cells: CellInput[] = [];
    const marks = new Map(matrix.cells.map((c) => [`${c.row},${c.column}`, c.significance]));
    for (const c of [
      ...matrix.cells,
      ...events.map((e) => ({ row: e.row, column: e.column, value: e.result.value, result: e.result })),
    ]) {
      if (c.row === null || c.column === null) continue;
      const key = `${c.row},${c.column}`;
      const mark = marks.get(key);
      const cell: CellStatistics = {
        ...c.result,
        ...(mark && { adjustedP: mark.adjustedP, distinguishable: mark.distinguishableFromNull }),
      };
      cells.push({ row: c.row, column: c.column, value: estimatorValue(cell, estimator, c.value) });
      stats.set(key, cell);
    }
    // Axis position -> matrix index.
    const toMatrix = new Map(axisPositions(axes.ids, matrixIds).map((axis, i) => [axis, i]));
    const at = (r: number, c: number) => stats.get(`${toMatrix.get(r)},${toMatrix.get(c)}`);
    const grid = axes.ids.map((_, r) => axes.ids.map((_, c) => at(r, c)));
    const significance = matrix.significance;
    return {
      id: kind,
      title: kind === 'natural' ? 'Natural images' : 'Inverted (row model’s inversions)',
      values: arrangeCells(axes.ids, matrixIds, cells),
      // Of the values shown (the chosen estimator's), computed from the cells.
      offDiagonalMean: null,
      describe: (ref: CellRef) => describeCell(at(ref.row, ref.col), estimator),
      details: grid.map((row) => row.map((cell) => cellLines(cell, estimator))),
      ...(significance && { hatched: grid.map((row) => row.map((cell) => cell?.distinguishable === false)) }),
      // null: not known yet (the legend says so); undefined: a finished matrix without null shuffles.
      marks: significance ?? (matrix.status === 'READY' ? undefined : null),
    };
  }, [kind, matrix, events, axes, estimator]);
}
