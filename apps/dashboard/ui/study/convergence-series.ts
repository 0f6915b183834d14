/**
 * The convergence records of a study (issue 10) as lines: per like-for-like selection, its debiased headline mean
 * with interval at each checkpoint iteration (the last one is the inverted matrix itself).
 */

export const CONVERGENCE_BLOCKS = [
  { key: 'paper', label: 'ε = 0, different architectures' },
  { key: 'crossArchitecture', label: 'cross-architecture' },
  { key: 'sameArchitecture', label: 'same architecture' },
] as const;

export type ConvergenceBlock = (typeof CONVERGENCE_BLOCKS)[number]['key'];

interface HeadlineInput {
  debiased: { mean: number; interval: { lower: number; upper: number } | null };
}

export interface ConvergenceInput {
  iteration: number;
  meanLoss: number | null;
  headlines: Partial<Record<ConvergenceBlock, HeadlineInput | null>> | null;
}

export interface ConvergencePointView {
  iteration: number;
  mean: number;
  lower: number | null;
  upper: number | null;
}

export interface ConvergenceLine {
  block: ConvergenceBlock;
  label: string;
  points: ConvergencePointView[];
}

export function convergenceLines(records: readonly ConvergenceInput[]): ConvergenceLine[] {
  return CONVERGENCE_BLOCKS.map(({ key, label }) => ({
    block: key,
    label,
    points: records.flatMap((r) => {
      const h = r.headlines?.[key];
      if (!h) return [];
      const i = h.debiased.interval;
      return [
        { iteration: r.iteration, mean: h.debiased.mean, lower: i?.lower ?? null, upper: i?.upper ?? null },
      ];
    }),
  })).filter((line) => line.points.length > 0);
}

/** Iterations spread over a decade or more read best on a log axis (50, 200, ..., 2000). */
export function logAxisFits(iterations: readonly number[]): boolean {
  const positive = iterations.filter((t) => t > 0);
  return positive.length === iterations.length && Math.max(...positive) / Math.min(...positive) >= 10;
}
