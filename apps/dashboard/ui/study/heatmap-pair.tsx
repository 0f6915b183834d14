'use client';
import { ColorLegend } from '../charts/color-legend';
/**
 * Natural and inverted heatmaps of the same models side by side (SPEC §5), on one shared colour scale with one
 * legend; the selected cell is shared, so a reader compares the same pair of models in both.
 */
import { createColorScale } from '../charts/color-scale';
import { type CellRef, Heatmap, PENDING_FILL } from './heatmap';
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

export interface HeatmapPairProps {
  labels: readonly string[];
  panels: readonly MatrixPanel[];
  active: CellRef | null;
  onActiveChange(cell: CellRef): void;
  metricLabel: string;
}

const SHARED_SCALE = createColorScale([0, 1]);

export function HeatmapPair({ labels, panels, active, onActiveChange, metricLabel }: HeatmapPairProps) {
  return (
    <section className="heatmap-pair" aria-label="Similarity heatmaps">
      <ColorLegend scale={SHARED_SCALE} label={metricLabel} pendingFill={PENDING_FILL} />
      <div className="heatmap-row">
        {panels.map((panel) => {
          const live = offDiagonalMean(panel.values);
          const mean = panel.offDiagonalMean ?? live.mean;
          return (
            <div className="heatmap-panel" key={panel.id}>
              <Heatmap
                id={panel.id}
                title={panel.title}
                labels={labels}
                values={panel.values}
                scale={SHARED_SCALE}
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
            </div>
          );
        })}
      </div>
      <details className="as-table">
        <summary>Show the numbers as tables</summary>
        {panels.map((panel) => (
          <MatrixTable
            key={panel.id}
            id={panel.id}
            caption={`${panel.title} (${metricLabel})`}
            labels={labels}
            values={panel.values}
          />
        ))}
      </details>
    </section>
  );
}
