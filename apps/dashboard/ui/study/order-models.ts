/** Heatmap axis order (issue 5): models grouped by architecture, then by robustness (training eps). */

export interface AxisModel {
  id: string;
  name: string;
  architectureId: string;
  eps: number;
  norm?: string | null;
}

/**
 * Sorts models by architecture (in `architectureOrder` when given, else alphabetically; unknown ones last),
 * then by eps ascending, then by name. Matrices are placed on these axes by model id (matrix-values.ts).
 */
export function orderModels<T extends AxisModel>(
  models: readonly T[],
  architectureOrder: readonly string[] = [],
): T[] {
  const rank = (architectureId: string): number => {
    const i = architectureOrder.indexOf(architectureId);
    return i === -1 ? architectureOrder.length : i;
  };
  return [...models].sort(
    (a, b) =>
      rank(a.architectureId) - rank(b.architectureId) ||
      a.architectureId.localeCompare(b.architectureId) ||
      a.eps - b.eps ||
      a.name.localeCompare(b.name),
  );
}

/** Short axis label: "resnet ε=0.5" (norm added for robust models: "resnet L2 ε=0.5"). */
export function axisLabel(model: AxisModel): string {
  const norm = model.norm && model.eps > 0 ? ` ${model.norm.toUpperCase()}` : '';
  return `${model.architectureId}${norm} ε=${model.eps}`;
}

/** Axis labels for ordered models; where two would read the same, the model name is added. */
export function uniqueAxisLabels(models: readonly AxisModel[]): string[] {
  const labels = models.map(axisLabel);
  const seen = new Map<string, number>();
  for (const label of labels) seen.set(label, (seen.get(label) ?? 0) + 1);
  return labels.map((label, i) => ((seen.get(label) ?? 0) > 1 ? `${label} (${models[i]!.name})` : label));
}
