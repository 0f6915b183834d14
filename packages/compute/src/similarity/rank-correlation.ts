/**
 * Spearman's rank correlation with ties (SPEC §6: a rank correlation summarises the robustness trend), and its
 * two-sided p-value, computed as scipy.stats.spearmanr does: tied values get the mean of their ranks
 * ('average' ranking), rho is Pearson's r of the ranks, and p comes from Student's t with n - 2 degrees of
 * freedom, t = rho * sqrt((n - 2) / ((1 - rho)(1 + rho))).
 */
import { InvalidArgumentError, NonFiniteError, ShapeMismatchError } from '../errors.js';

export interface SpearmanResult {
  /** Rank correlation in [-1, 1]; NaN when either side is constant (no ranking to correlate). */
  rho: number;
  /** Two-sided p-value against rho = 0 (t approximation, n - 2 degrees of freedom); NaN when rho is NaN. */
  p: number;
  n: number;
}

/**
 * Ranks 1..n with ties replaced by their mean rank (scipy.stats.rankdata, method 'average').
 * @throws NonFiniteError for NaN or infinite values.
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) {
      throw new NonFiniteError(
        `value ${values[i]} at position ${i} cannot be ranked; remove it or fix the input`,
      );
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    const mean = (start + 1 + end) / 2; // mean of the 1-based ranks start+1..end
    for (let k = start; k < end; k++) ranks[order[k]!] = mean;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rho of paired samples x and y, with its two-sided p-value.
 * @throws ShapeMismatchError for unequal lengths; InvalidArgumentError for fewer than 3 pairs (no degrees of
 *   freedom left for the test); NonFiniteError for NaN or infinite values.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): SpearmanResult {
  if (x.length !== y.length) {
    throw new ShapeMismatchError(`spearman: ${x.length} x values but ${y.length} y values; pass pairs`);
  }
  const n = x.length;
  if (n < 3) throw new InvalidArgumentError(`spearman needs at least 3 pairs, got ${n}`);
  const rho = pearson(averageRanks(x), averageRanks(y));
  return { rho, p: Number.isNaN(rho) ? Number.NaN : twoSidedP(rho, n), n };
}

/** Pearson's r (NaN when a side has zero variance), centred sums in float64. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  // Rounding can push |r| a hair past 1 for perfectly monotone data; clip as scipy does.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function twoSidedP(rho: number, n: number): number {
  const df = n - 2;
  if (Math.abs(rho) === 1) return 0;
  const t = rho * Math.sqrt(df / ((1 - rho) * (1 + rho)));
  // P(|T| > |t|) for Student's t with df degrees of freedom = I_{df/(df+t^2)}(df/2, 1/2).
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * I_x(a, b) by the continued fraction of Numerical Recipes (§6.4, modified Lentz), using the symmetry
 * I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const coefficient of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), // even step
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)), // odd step
    ]) {
      d = 1 + coefficient * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + coefficient / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** ln Γ(z) for z > 0 by the Lanczos approximation (g = 7, 9 terms; ~15 significant digits). */
function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const g = 7;
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const w = z - 1;
  let sum = coefficients[0]!;
  for (let i = 1; i < coefficients.length; i++) sum += coefficients[i]! / (w + i);
  const t = w + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (w + 0.5) * Math.log(t) - t + Math.log(sum);
}
