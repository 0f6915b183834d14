/** The study's heatmap axes: its models ordered by architecture then eps, with unique labels (order-models.ts). */
import { useMemo } from 'react';
import { type AxisModel, orderModels, uniqueAxisLabels } from './order-models';

export interface Axes {
  /** Model ids in axis order. */
  ids: string[];
  labels: string[];
}

export function useAxes(models: readonly AxisModel[], architectureOrder: readonly string[]): Axes {
  return useMemo(() => {
    const ordered = orderModels(models, architectureOrder);
    return { ids: ordered.map((m) => m.id), labels: uniqueAxisLabels(ordered) };
  }, [models, architectureOrder]);
}

/** A k x k grid in matrix order (rows and columns are `matrixIds`) rearranged into axis order; gaps are null. */
export function toAxisOrder<T>(
  axes: Axes,
  matrixIds: readonly string[],
  grid: readonly (readonly (T | null | undefined)[] | null)[],
): (T | null)[][] {
  const index = new Map(matrixIds.map((id, i) => [id, i]));
  return axes.ids.map((r) => axes.ids.map((c) => grid[index.get(r) ?? -1]?.[index.get(c) ?? -1] ?? null));
}
