/**
 * One row of heatmap cells. Memoised: moving the selection re-renders the two rows it leaves and enters, not
 * all k rows, which keeps arrow keys instant on a 50 x 50 matrix.
 */
import { Fragment, memo } from 'react';
import { type ColorScale, textColorOn } from '../charts/color-scale';
import type { HeatmapLayout } from './heatmap-layout';

export const PENDING_FILL = '#e7e5e4';

export function formatSimilarity(value: number | null): string {
  return value === null ? 'pending' : value.toFixed(3);
}

export interface HeatmapRowProps {
  r: number;
  values: readonly (number | null)[];
  labels: readonly string[];
  scale: ColorScale;
  layout: HeatmapLayout;
  /** Column of the grid's single tab stop when it is in this row, else -1. */
  stopCol: number;
  /** Column of the selected cell when it is in this row, else -1. */
  selectedCol: number;
  /** Per column, true where the cell is not distinguishable from the null: drawn hatched (issue 9). */
  hatched?: readonly boolean[];
  /** Id of the hatch pattern (one per heatmap). */
  hatchId?: string;
}

export const HeatmapRow = memo(function HeatmapRow(props: HeatmapRowProps) {
  const { r, values, labels, scale, layout, stopCol, selectedCol, hatched, hatchId } = props;
  const { cell, gutter, fontSize } = layout;
  const y = gutter + r * cell;
  return (
    // biome-ignore lint/a11y/useSemanticElements: SVG has no table elements; ARIA grid roles describe it
    <g role="row" aria-rowindex={r + 2}>
      {layout.showLabels && (
        // biome-ignore lint/a11y/useSemanticElements: SVG text acting as a row header
        <text
          role="rowheader"
          stroke="none"
          x={gutter - 6}
          y={y + cell / 2}
          fontSize={fontSize}
          textAnchor="end"
          dominantBaseline="central"
        >
          {labels[r]}
        </text>
      )}
      {values.map((v, c) => {
        const fill = v === null ? PENDING_FILL : scale.color(v);
        const x = gutter + c * cell;
        const hatch = hatched?.[c] === true;
        return (
          <Fragment key={labels[c]}>
            {/* biome-ignore lint/a11y/useSemanticElements: an SVG grid cell */}
            <rect
              role="gridcell"
              aria-label={`${labels[r]} vs ${labels[c]}: ${formatSimilarity(v)}${hatch ? ' (not distinguishable from the null)' : ''}`}
              aria-selected={c === selectedCol ? true : undefined}
              tabIndex={c === stopCol ? 0 : -1}
              data-row={r}
              data-col={c}
              data-value={v ?? ''}
              data-distinguishable={hatched ? String(!hatch) : undefined}
              x={x}
              y={y}
              width={cell}
              height={cell}
              fill={fill}
            />
            {hatch && (
              <rect
                className="hatch"
                x={x}
                y={y}
                width={cell}
                height={cell}
                fill={`url(#${hatchId})`}
                stroke="none"
                pointerEvents="none"
                aria-hidden
              />
            )}
            {layout.showValues && v !== null && (
              <text
                x={x + cell / 2}
                y={y + cell / 2}
                fontSize={Math.min(12, cell / 3.4)}
                textAnchor="middle"
                dominantBaseline="central"
                fill={textColorOn(fill)}
                stroke="none"
                pointerEvents="none"
                aria-hidden
              >
                {v.toFixed(2)}
              </text>
            )}
          </Fragment>
        );
      })}
    </g>
  );
});
