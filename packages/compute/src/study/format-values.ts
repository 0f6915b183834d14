/** Number formats and labels shared by the study's summary text (format-study-summary.ts and its sections). */
import type { HeadlineMetric } from '../stats/headline.js';

/** A number with `d` decimals, '–' when missing or NaN. */
export function fixed(v: number | undefined | null, d = 3): string {
  return v === undefined || v === null || Number.isNaN(v) ? '–' : v.toFixed(d);
}

/** 'mean [lower, upper]' of a headline metric (2 decimals in the interval). */
export function withInterval(m: HeadlineMetric | undefined, d = 3): string {
  if (!m) return '–';
  return m.interval
    ? `${fixed(m.mean, d)} [${fixed(m.interval.lower, 2)}, ${fixed(m.interval.upper, 2)}]`
    : fixed(m.mean, d);
}

/** The headline selections in the order the summary quotes them, with their labels. */
export const HEADLINE_LABELS = {
  paper: 'eps 0, other architectures',
  crossArchitecture: 'all other architectures',
  sameArchitecture: 'same architecture',
} as const;

/** The study's headlines: the three selections, then the seed replicates (same architecture and eps). */
export const STUDY_HEADLINE_LABELS = {
  ...HEADLINE_LABELS,
  replicates: 'seed replicates (same arch., eps)',
} as const;
