/**
 * Delete-a-group jackknife interval (Quenouille, Tukey; the grouped form as in Efron & Tibshirani 1993, §11.5):
 * from the estimate on all n inputs and the G replicates with one group left out,
 *
 *     mean   θ̄ = (1/G) Σ_g θ_(g)
 *     SE     se = sqrt( (G-1)/G Σ_g (θ_(g) - θ̄)^2 )
 *     bias-corrected estimate   θ_J = G θ̂ - (G-1) θ̄    (removes the O(1/n) bias)
 *     interval   centre ± t_{G-1, (1+level)/2} se,   centre = θ_J or θ̂
 *
 * Groups of unequal size (n not a multiple of G, sizes differ by one) are treated as equal; docs/statistics.md
 * says why that is harmless at the sizes used. No input is ever paired with itself (unlike the bootstrap).
 */
import { InvalidArgumentError } from '../errors.js';
import { studentTQuantile } from './student-t.js';

export const INTERVAL_METHOD = 'grouped-jackknife';

export interface JackknifeOptions {
  /** Coverage of the interval, in (0, 1); default 0.95. */
  level?: number;
  /** Centre the interval on the bias-corrected estimate θ_J instead of θ̂; default false. */
  biasCorrection?: boolean;
}

export interface JackknifeInterval {
  method: typeof INTERVAL_METHOD;
  level: number;
  /** G: replicates (groups left out in turn); the t quantile has G - 1 degrees of freedom. */
  groups: number;
  /** θ̂, the value on all n inputs. */
  estimate: number;
  /** θ_J = G θ̂ - (G-1) θ̄, the jackknife bias-corrected estimate (reported whether or not it is the centre). */
  biasCorrectedEstimate: number;
  /** Whether the interval is centred on θ_J (true) or on θ̂. */
  biasCorrected: boolean;
  /** Jackknife standard error of θ̂. */
  standardError: number;
  lower: number;
  upper: number;
}

/**
 * The jackknife interval of an estimate from its leave-one-group-out replicates.
 * @throws InvalidArgumentError for fewer than 2 replicates, a non-finite value, or a level outside (0, 1).
 */
export function jackknifeInterval(
  estimate: number,
  replicates: ArrayLike<number>,
  options: JackknifeOptions = {},
): JackknifeInterval {
  const level = options.level ?? 0.95;
  const biasCorrected = options.biasCorrection ?? false;
  const G = replicates.length;
  if (!(level > 0 && level < 1)) {
    throw new InvalidArgumentError(`interval level must lie in (0, 1), got ${level}; e.g. 0.95`);
  }
  if (G < 2) throw new InvalidArgumentError(`a jackknife needs at least 2 replicates, got ${G}`);
  let mean = 0;
  for (let g = 0; g < G; g++) {
    if (!Number.isFinite(replicates[g])) {
      throw new InvalidArgumentError(
        `jackknife replicate ${g} is ${replicates[g]}; every replicate must be finite`,
      );
    }
    mean += replicates[g]!;
  }
  mean /= G;
  let ss = 0;
  for (let g = 0; g < G; g++) ss += (replicates[g]! - mean) ** 2;
  const standardError = Math.sqrt(((G - 1) / G) * ss);
  const biasCorrectedEstimate = G * estimate - (G - 1) * mean;
  const centre = biasCorrected ? biasCorrectedEstimate : estimate;
  const half = studentTQuantile((1 + level) / 2, G - 1) * standardError;
  return {
    method: INTERVAL_METHOD,
    level,
    groups: G,
    estimate,
    biasCorrectedEstimate,
    biasCorrected,
    standardError,
    lower: centre - half,
    upper: centre + half,
  };
}
