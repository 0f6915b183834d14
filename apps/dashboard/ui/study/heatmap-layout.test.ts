import { describe, expect, it } from 'vitest';
import { heatmapLayout, moveFocus } from './heatmap-layout';

describe('heatmapLayout', () => {
  it('uses big cells with printed values for a few models', () => {
    const layout = heatmapLayout(6);
    expect(layout.cell).toBe(44);
    expect(layout).toMatchObject({ showLabels: true, showValues: true });
    expect(layout.width).toBe(layout.gutter + 6 * 44 + 2);
  });

  it('drops numbers, then labels, as k grows, but never shrinks a cell below 8 units', () => {
    expect(heatmapLayout(20)).toMatchObject({ cell: 22, showLabels: true, showValues: false });
    expect(heatmapLayout(50)).toMatchObject({ cell: 8, showLabels: false });
    expect(heatmapLayout(200).cell).toBe(8);
  });
});

describe('moveFocus', () => {
  const k = 4;
  it('moves one cell per arrow and stops at the edges', () => {
    expect(moveFocus('ArrowRight', { row: 1, col: 1 }, k)).toEqual({ row: 1, col: 2 });
    expect(moveFocus('ArrowDown', { row: 3, col: 1 }, k)).toEqual({ row: 3, col: 1 });
    expect(moveFocus('ArrowLeft', { row: 0, col: 0 }, k)).toEqual({ row: 0, col: 0 });
    expect(moveFocus('ArrowUp', { row: 2, col: 0 }, k)).toEqual({ row: 1, col: 0 });
  });

  it('jumps to row ends with Home/End, to the corners with Ctrl, to column ends with PageUp/PageDown', () => {
    expect(moveFocus('Home', { row: 2, col: 2 }, k)).toEqual({ row: 2, col: 0 });
    expect(moveFocus('End', { row: 2, col: 0 }, k)).toEqual({ row: 2, col: 3 });
    expect(moveFocus('End', { row: 2, col: 0 }, k, true)).toEqual({ row: 3, col: 3 });
    expect(moveFocus('PageDown', { row: 0, col: 1 }, k)).toEqual({ row: 3, col: 1 });
  });

  it('leaves other keys to the browser', () => {
    expect(moveFocus('Tab', { row: 0, col: 0 }, k)).toBeNull();
  });
});
