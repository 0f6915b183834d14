'use client';
/** One matrix on the page: its heatmap, its off-diagonal mean (SPEC §5) and its numbers as a table. */
import type { ColorScale } from '../charts/color-scale';
import { type CellRef, Heatmap } from './heatmap';
import { describeMarks, type MarksSummary } from './matrix-marks';
import { MatrixTable } from './matrix-table';
import { type MatrixValues, offDiagonalMean } from './matrix-values';

export interface MatrixPanel {
  /** DOM ids and test hooks: natural, inverted, agreement-target, stir... */
  id: string;
  title: string;
  values: MatrixValues;
  /** The server's off-diagonal mean once the matrix is complete; else computed from the cells known so far. */
  offDiagonalMean: number | null;
  describe?(cell: CellRef): string | undefined;
  /** hatched[row][col] (axis order): not distinguishable from the null after the matrix's correction. */
  hatched?: boolean[][];
  /** Per cell (axis order), the lines its numbers-table entry shows under the value. */
  details?: string[][][];
  /** The matrix's marks; null while they cannot be known yet (says so), undefined for a matrix without them. */
  marks?: MarksSummary | null;
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
  const marksNote = panel.marks ? describeMarks(panel.marks) : undefined;
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
        hatched={panel.hatched}
      />
      {panel.marks !== undefined && (
        <p className="marks-legend" data-testid={`${panel.id}-marks-legend`}>
          {marksNote ? (
            <>
              <span className="hatch-swatch" aria-hidden /> {marksNote}
            </>
          ) : (
            <span className="muted">Marks against the null appear when the matrix is complete.</span>
          )}
        </p>
      )}
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
          details={panel.details}
          hatched={panel.hatched}
          marksNote={marksNote}
        />
      </details>
    </div>
  );
}
