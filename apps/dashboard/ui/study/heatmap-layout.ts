/** Geometry of a k x k heatmap in SVG user units (pixels at 100% zoom). */

export interface HeatmapLayout {
  k: number;
  cell: number;
  /** Left gutter for row labels and top gutter for column labels. */
  gutter: number;
  width: number;
  height: number;
  fontSize: number;
  showLabels: boolean;
  showValues: boolean;
}

/** Cells shrink with k to keep the plot near `target` wide, within [8, 44]; labels and numbers go when tiny. */
export function heatmapLayout(k: number, target = 440): HeatmapLayout {
  const cell = Math.max(8, Math.min(44, Math.floor(target / Math.max(1, k))));
  const showLabels = cell >= 10;
  const gutter = showLabels ? 104 : 8;
  return {
    k,
    cell,
    gutter,
    width: gutter + k * cell + 2,
    height: gutter + k * cell + 2,
    fontSize: Math.min(12, Math.max(8, cell * 0.7)),
    showLabels,
    showValues: cell >= 36,
  };
}

/** The cell a key press moves to from (row, col), or null for keys the grid does not handle. */
export function moveFocus(
  key: string,
  at: { row: number; col: number },
  k: number,
  ctrl = false,
): { row: number; col: number } | null {
  const clamp = (v: number) => Math.max(0, Math.min(k - 1, v));
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(at.row - 1), col: at.col };
    case 'ArrowDown':
      return { row: clamp(at.row + 1), col: at.col };
    case 'ArrowLeft':
      return { row: at.row, col: clamp(at.col - 1) };
    case 'ArrowRight':
      return { row: at.row, col: clamp(at.col + 1) };
    case 'Home':
      return ctrl ? { row: 0, col: 0 } : { row: at.row, col: 0 };
    case 'End':
      return ctrl ? { row: k - 1, col: k - 1 } : { row: at.row, col: k - 1 };
    case 'PageUp':
      return { row: 0, col: at.col };
    case 'PageDown':
      return { row: k - 1, col: at.col };
    default:
      return null;
  }
}
