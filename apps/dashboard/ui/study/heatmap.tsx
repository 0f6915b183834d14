'use client';
/**
 * One similarity heatmap: k x k SVG cells in axis order, values on hover and focus, keyboard navigation with a
 * roving tabindex (arrows, Home/End, Ctrl+Home/End, PageUp/PageDown) and a drawn focus ring.
 */
import { type KeyboardEvent, type MouseEvent, useMemo, useState } from 'react';
import type { ColorScale } from '../charts/color-scale';
import { heatmapLayout, moveFocus } from './heatmap-layout';
import { formatSimilarity, HeatmapRow } from './heatmap-row';
import type { MatrixValues } from './matrix-values';

export interface CellRef {
  row: number;
  col: number;
}

export interface HeatmapProps {
  /** Prefix of DOM ids and test hooks, e.g. "natural". */
  id: string;
  title: string;
  /** Axis labels in axis order (rows and columns are the same models); unique (see uniqueAxisLabels). */
  labels: readonly string[];
  values: MatrixValues;
  scale: ColorScale;
  /** The selected cell, shared with the other heatmap and the URL. */
  active: CellRef | null;
  onActiveChange(cell: CellRef): void;
  /** Extra lines for the tooltip of a cell (n, p, interval...). */
  describe?(cell: CellRef): string | undefined;
  /** hatched[row][col]: the cell is not distinguishable from the null after the matrix's correction. */
  hatched?: readonly (readonly boolean[])[];
}

export { formatSimilarity, PENDING_FILL } from './heatmap-row';

export function Heatmap(props: HeatmapProps) {
  const { id, title, labels, values, scale, active, onActiveChange, describe, hatched } = props;
  const hatchId = `${id}-hatch`;
  const k = labels.length;
  // One object per k, so memoised rows see the same layout.
  const layout = useMemo(() => heatmapLayout(k), [k]);
  const { cell, gutter, fontSize } = layout;
  const [hover, setHover] = useState<CellRef | null>(null);
  const [focused, setFocused] = useState(false);
  const tabStop = active ?? { row: 0, col: 0 };

  const cellAt = (target: EventTarget): CellRef | null => {
    const el = target as Element;
    const row = el.getAttribute?.('data-row');
    const col = el.getAttribute?.('data-col');
    return row === null || col === null || row === undefined ? null : { row: Number(row), col: Number(col) };
  };

  const focusCell = (svg: Element, to: CellRef) => {
    svg.querySelector<SVGRectElement>(`[data-row="${to.row}"][data-col="${to.col}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const from = cellAt(event.target) ?? tabStop;
    const to = moveFocus(event.key, from, k, event.ctrlKey || event.metaKey);
    if (!to) return;
    event.preventDefault();
    onActiveChange(to);
    focusCell(event.currentTarget, to);
  };

  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const at = cellAt(event.target);
    if (at) {
      onActiveChange(at);
      focusCell(event.currentTarget, at);
    }
  };

  const shown = hover ?? (focused ? active : null);
  const shownValue = shown ? (values[shown.row]?.[shown.col] ?? null) : null;
  const detail = shown ? describe?.(shown) : undefined;

  return (
    <figure className="heatmap" data-testid={`heatmap-${id}`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div className="heatmap-frame" style={{ maxWidth: layout.width }}>
        {/* biome-ignore lint/a11y/useSemanticElements: SVG has no table elements; ARIA grid roles describe it */}
        <svg
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width="100%"
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: as above
          role="grid"
          aria-labelledby={`${id}-title`}
          aria-rowcount={k + 1}
          aria-colcount={k + 1}
          onKeyDown={onKeyDown}
          onClick={onClick}
          onMouseMove={(e) => setHover(cellAt(e.target))}
          onMouseLeave={() => setHover(null)}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
        >
          {hatched && (
            <defs>
              <pattern
                id={hatchId}
                width={6}
                height={6}
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <rect width={6} height={6} fill="#ffffff" fillOpacity={0.45} />
                <line x1={0} y1={0} x2={0} y2={6} stroke="#1c1917" strokeWidth={2} strokeOpacity={0.55} />
              </pattern>
            </defs>
          )}
          {layout.showLabels && (
            // biome-ignore lint/a11y/useSemanticElements: SVG header row
            <g role="row" aria-rowindex={1}>
              {labels.map((label, c) => (
                // biome-ignore lint/a11y/useSemanticElements: SVG text acting as a column header
                <text
                  role="columnheader"
                  key={label}
                  transform={`translate(${gutter + c * cell + cell / 2}, ${gutter - 6}) rotate(-90)`}
                  fontSize={fontSize}
                  dominantBaseline="central"
                >
                  {label}
                </text>
              ))}
            </g>
          )}
          {/* White gaps between big cells only (inherited stroke: one attribute, not k^2); at k >= 30 they would eat the colour. */}
          <g className="cells" stroke={cell >= 16 ? '#ffffff' : undefined} strokeWidth={1}>
            {values.map((row, r) => (
              <HeatmapRow
                key={labels[r]}
                r={r}
                values={row}
                labels={labels}
                scale={scale}
                layout={layout}
                stopCol={r === tabStop.row ? tabStop.col : -1}
                selectedCol={active && r === active.row ? active.col : -1}
                hatched={hatched?.[r]}
                hatchId={hatchId}
              />
            ))}
          </g>
          {active && (
            <rect
              className={focused ? 'focus-ring focus-ring-strong' : 'focus-ring'}
              data-testid={`${id}-focus-ring`}
              x={gutter + active.col * cell + 1}
              y={gutter + active.row * cell + 1}
              width={cell - 2}
              height={cell - 2}
              fill="none"
              pointerEvents="none"
            />
          )}
        </svg>
        {shown && (
          <div
            className="heatmap-tooltip"
            role="tooltip"
            data-testid={`${id}-tooltip`}
            style={{
              left: `${((gutter + (shown.col + 0.5) * cell) / layout.width) * 100}%`,
              top: `${((gutter + shown.row * cell) / layout.height) * 100}%`,
            }}
          >
            <strong>{formatSimilarity(shownValue)}</strong>
            <span>
              {labels[shown.row]} × {labels[shown.col]}
            </span>
            {detail && <span>{detail}</span>}
          </div>
        )}
      </div>
    </figure>
  );
}
