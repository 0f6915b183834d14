/**
 * The robustness trend of a finished matrix (SPEC §6): per model, training eps against the mean of its row and
 * of its column without the diagonal; Spearman's rho over all models and within each architecture.
 */
import { spearman } from '@simlab/compute';
import type { ModelRow } from '../db/model.queries.js';
import type { TrendRecord } from '../db/trend.mapper.js';

export function robustnessTrend(models: ModelRow[], values: number[][]): TrendRecord {
  const k = models.length;
  const normOf = new Map(models.map((m) => [m.id, m.norm]));
  const offDiagonal = (pick: (i: number) => number, self: number) => {
    let sum = 0;
    for (let i = 0; i < k; i++) if (i !== self) sum += pick(i);
    return sum / (k - 1);
  };
  const points = models.map((m, r) => ({
    modelId: m.id,
    architectureId: m.architectureId,
    eps: m.eps,
    rowMean: offDiagonal((c) => values[r]![c]!, r),
    columnMean: offDiagonal((i) => values[i]![r]!, r),
  }));
  const rho = (subset: typeof points, key: 'rowMean' | 'columnMean') => {
    // A rank correlation needs 3 points and some spread of eps; L2 and Linf eps share no scale (compute's
    // similarityTrend splits them), so a group mixing robust models of both norms gets no single rho.
    const robustNorms = new Set(subset.filter((p) => p.eps > 0).map((p) => normOf.get(p.modelId)));
    if (subset.length < 3 || new Set(subset.map((p) => p.eps)).size < 2 || robustNorms.size > 1) return null;
    const value = spearman(
      subset.map((p) => p.eps),
      subset.map((p) => p[key]),
    ).rho;
    return Number.isFinite(value) ? value : null;
  };
  const byArchitecture = new Map<string, typeof points>();
  for (const p of points)
    byArchitecture.set(p.architectureId, [...(byArchitecture.get(p.architectureId) ?? []), p]);
  return {
    points,
    rowSpearman: rho(points, 'rowMean'),
    columnSpearman: rho(points, 'columnMean'),
    architectures: [...byArchitecture].map(([architectureId, group]) => ({
      architectureId,
      models: group.length,
      rowSpearman: rho(group, 'rowMean'),
      columnSpearman: rho(group, 'columnMean'),
    })),
  };
}
