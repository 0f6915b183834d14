'use client';
/**
 * Natural and inverted heatmaps of the same models side by side (SPEC §5), on one shared colour scale with one
 * legend; the selected cell is shared, so a reader compares the same pair of models in both.
 */
import type { ReactNode } from 'react';
import { ColorLegend } from '../charts/color-legend';
import { createColorScale } from '../charts/color-scale';
import type { CellRef } from './heatmap';
import { HeatmapPanel, type MatrixPanel } from './heatmap-panel';
import { PENDING_FILL } from './heatmap-row';

export type { MatrixPanel } from './heatmap-panel';

/** [0, 1], the range of CKA: colours mean the same on every study. */
export const SHARED_SCALE = createColorScale([0, 1]);

/** The legend above a row of panels; the live view fills the row with panels that load on their own. */
export function HeatmapRowLayout({ metricLabel, children }: { metricLabel: string; children: ReactNode }) {
  return (
    <section className="heatmap-pair" aria-label="Similarity heatmaps">
      <ColorLegend scale={SHARED_SCALE} label={metricLabel} pendingFill={PENDING_FILL} />
      <div className="heatmap-row">{children}</div>
    </section>
  );
}

export interface HeatmapPairProps {
  labels: readonly string[];
  panels: readonly MatrixPanel[];
  active: CellRef | null;
  onActiveChange(cell: CellRef): void;
  metricLabel: string;
}

export function HeatmapPair({ labels, panels, active, onActiveChange, metricLabel }: HeatmapPairProps) {
  return (
    <HeatmapRowLayout metricLabel={metricLabel}>
      {panels.map((panel) => (
        <HeatmapPanel
          key={panel.id}
          panel={panel}
          labels={labels}
          scale={SHARED_SCALE}
          active={active}
          onActiveChange={onActiveChange}
          metricLabel={metricLabel}
        />
      ))}
    </HeatmapRowLayout>
  );
}
