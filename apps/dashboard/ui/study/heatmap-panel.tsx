'use client';
/** One matrix on the page: its heatmap, its off-diagonal mean (SPEC §5) and its numbers as a table. */
import type { ColorScale } from '../charts/color-scale';
import { type CellRef, Heatmap } from './heatmap';
import { MatrixTable } from './matrix-table';
import { type MatrixValues, offDiagonalMean } from './matrix-values';

export interface MatrixPanel {
  id: 'natural' | 'inverted';
  title: string;
  values: MatrixValues;
  /** The server's off-diagonal mean once the matrix is complete; else computed from the cells known so far. */
  offDiagonalMean: number | null;
  describe?(cell: CellRef): string | undefined;
}

export interface HeatmapPanelProps {
  panel: MatrixPanel;
  labels: readonly string[];
  scale: ColorScale;
  active: CellRef | null;
  onActiveChange(cell: CellRef): void;
  metricLabel: string;
}

export function HeatmapPanel({
  panel,
  labels,
  scale,
  active,
  onActiveChange,
  metricLabel,
}: HeatmapPanelProps) {
  const live = offDiagonalMean(panel.values);
  const mean = panel.offDiagonalMean ?? live.mean;
  return (
    <div className="heatmap-panel">
      <Heatmap
        id={panel.id}
        title={panel.title}
        labels={labels}
        values={panel.values}
        scale={scale}
        active={active}
        onActiveChange={onActiveChange}
        describe={panel.describe}
      />
      <p className="off-diagonal" data-testid={`${panel.id}-mean`}>
        Off-diagonal mean: <strong>{mean === null ? '—' : mean.toFixed(3)}</strong>
        {panel.offDiagonalMean === null && live.known < live.total && (
          <span className="muted">
            {' '}
            ({live.known} of {live.total} cells so far)
          </span>
        )}
      </p>
      <details className="as-table">
        <summary>Show the numbers as a table</summary>
        <MatrixTable
          id={panel.id}
          caption={`${panel.title} (${metricLabel})`}
          labels={labels}
          values={panel.values}
        />
      </details>
    </div>
  );
}
