/**
 * Student's t distribution: CDF through the regularized incomplete beta function (similarity/rank-correlation.ts)
 * and its quantile by bisection, for the jackknife intervals (t with G - 1 degrees of freedom).
 */
import { InvalidArgumentError } from '../errors.js';
import { regularizedIncompleteBeta } from '../similarity/rank-correlation.js';

/** P(T <= t) for Student's t with `df` > 0 degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5); // P(T > |t|)
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The q-quantile of Student's t with `df` degrees of freedom (scipy.stats.t.ppf), to ~1e-9 (the incomplete beta limits it).
 * @throws InvalidArgumentError for q outside (0, 1) or df <= 0.
 */
export function studentTQuantile(q: number, df: number): number {
  if (!(q > 0 && q < 1)) throw new InvalidArgumentError(`t quantile needs q in (0, 1), got ${q}`);
  if (!(df > 0)) throw new InvalidArgumentError(`t quantile needs df > 0, got ${df}`);
  if (q === 0.5) return 0;
  if (q < 0.5) return -studentTQuantile(1 - q, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < q) hi *= 2; // bracket: the t tail is heavy at df = 1
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
