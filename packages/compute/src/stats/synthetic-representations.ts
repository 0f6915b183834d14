/**
 * Synthetic pairs of representations with a known population linear CKA, for the coverage and calibration
 * checks of the intervals and nulls (docs/statistics.md, "Coverage").
 *
 * Model (class-like low-rank signal plus noise): each input draws a class y uniform on C classes and a latent
 *
 *     s = μ_y + w z            μ_c ~ N(0, spread^2 I_r) drawn once, z ~ N(0, I_r)           [r]
 *     a = U s + σ_a e          U [p, r] with N(0, 1/r) entries drawn once, e ~ N(0, I_p)    [p]
 *     b = V t + σ_b f          t = ρ s + sqrt(1 - ρ^2) s',  s' an independent copy of s     [q]
 *
 * so Σ_s = (1/C) Σ_c (μ_c - μ̄)(μ_c - μ̄)^T + w^2 I, Σ_aa = U Σ_s U^T + σ_a^2 I, Σ_bb = V Σ_s V^T + σ_b^2 I,
 * Σ_ab = ρ U Σ_s V^T, and the population linear CKA is ||Σ_ab||_F^2 / (||Σ_aa||_F ||Σ_bb||_F) exactly
 * (ρ = 0: independent sides, CKA 0). With `relu` the sides pass through max(0, .) and the population value has
 * no closed form; it is then estimated by debiased CKA at large n (`estimatePopulationCka`).
 */
import { InvalidArgumentError } from '../errors.js';
import { createRng, type Rng } from '../random.js';
import type { Activations } from '../similarity/activations.js';

export interface SyntheticOptions {
  /** Units of side A and side B. */
  p: number;
  q: number;
  /** Coupling ρ in [0, 1] of the latents of the two sides: 0 independent, 1 the same latent. */
  coupling: number;
  /** Latent rank r; default 6. */
  rank?: number;
  /** Classes C; default 10. */
  classes?: number;
  /** Standard deviation of the class means in latent space; default 2. */
  spread?: number;
  /** Within-class latent standard deviation w; default 1. */
  within?: number;
  /** Noise standard deviation per unit σ_a = σ_b; default 1. */
  noise?: number;
  /** Pass both sides through a ReLU (population value no longer closed-form); default false. */
  relu?: boolean;
  /** Seed of the fixed parameters (class means, U, V); default 0. */
  seed?: number;
}

export interface SyntheticPair {
  options: Required<SyntheticOptions>;
  /** The closed-form population linear CKA; undefined with `relu`. */
  populationCka: number | undefined;
  /** n fresh inputs through both sides: activations [n, p] and [n, q], float32. */
  sample(n: number, rng: Rng): { a: Activations; b: Activations };
}

/**
 * A synthetic model of two representations of the same inputs.
 * @throws InvalidArgumentError for a coupling outside [0, 1] or non-positive sizes.
 */
export function createSyntheticPair(options: SyntheticOptions): SyntheticPair {
  const o: Required<SyntheticOptions> = {
    rank: 6,
    classes: 10,
    spread: 2,
    within: 1,
    noise: 1,
    relu: false,
    seed: 0,
    ...options,
  };
  if (!(o.coupling >= 0 && o.coupling <= 1)) {
    throw new InvalidArgumentError(`coupling must lie in [0, 1], got ${o.coupling}`);
  }
  for (const [name, v] of Object.entries({ p: o.p, q: o.q, rank: o.rank, classes: o.classes })) {
    if (!Number.isInteger(v) || v < 1)
      throw new InvalidArgumentError(`${name} must be a positive integer, got ${v}`);
  }
  const rng = createRng(o.seed);
  const r = o.rank;
  const means = Array.from({ length: o.classes }, () =>
    Float64Array.from({ length: r }, () => o.spread * rng.normal()),
  );
  const u = Float64Array.from({ length: o.p * r }, () => rng.normal() / Math.sqrt(r)); // [p, r]
  const v = Float64Array.from({ length: o.q * r }, () => rng.normal() / Math.sqrt(r)); // [q, r]

  const latent = (g: Rng): Float64Array => {
    const mu = means[g.int(o.classes)]!;
    return Float64Array.from(mu, (m) => m + o.within * g.normal());
  };
  const side = (out: Float32Array, row: number, w: Float64Array, s: Float64Array, units: number, g: Rng) => {
    for (let j = 0; j < units; j++) {
      let x = o.noise * g.normal();
      for (let k = 0; k < r; k++) x += w[j * r + k]! * s[k]!;
      out[row * units + j] = o.relu ? Math.max(0, x) : x;
    }
  };
  const sample = (n: number, g: Rng) => {
    const a = new Float32Array(n * o.p);
    const b = new Float32Array(n * o.q);
    const c = Math.sqrt(1 - o.coupling * o.coupling);
    for (let i = 0; i < n; i++) {
      const s = latent(g);
      const other = latent(g);
      const t = s.map((x, k) => o.coupling * x + c * other[k]!);
      side(a, i, u, s, o.p, g);
      side(b, i, v, t, o.q, g);
    }
    return { a: { data: a, n, p: o.p }, b: { data: b, n, p: o.q } };
  };
  return {
    options: o,
    populationCka: o.relu ? undefined : closedFormCka(o, means, u, v),
    sample,
  };
}

function closedFormCka(
  o: Required<SyntheticOptions>,
  means: Float64Array[],
  u: Float64Array,
  v: Float64Array,
): number {
  const r = o.rank;
  // Σ_s = between-class covariance (population over the C equally likely classes) + w^2 I. [r, r]
  const centre = new Float64Array(r);
  for (const mu of means) for (let k = 0; k < r; k++) centre[k]! += mu[k]! / means.length;
  const sigma = new Float64Array(r * r);
  for (const mu of means) {
    for (let k = 0; k < r; k++) {
      for (let l = 0; l < r; l++)
        sigma[k * r + l]! += ((mu[k]! - centre[k]!) * (mu[l]! - centre[l]!)) / means.length;
    }
  }
  for (let k = 0; k < r; k++) sigma[k * r + k]! += o.within ** 2;
  const covariance = (
    x: Float64Array,
    px: number,
    y: Float64Array,
    py: number,
    scale: number,
    noise: number,
  ) => {
    const out = new Float64Array(px * py); // scale X Σ_s Y^T + noise^2 I   [px, py]
    for (let i = 0; i < px; i++) {
      for (let j = 0; j < py; j++) {
        let s = 0;
        for (let k = 0; k < r; k++)
          for (let l = 0; l < r; l++) s += x[i * r + k]! * sigma[k * r + l]! * y[j * r + l]!;
        out[i * py + j] = scale * s + (i === j ? noise ** 2 : 0);
      }
    }
    return out;
  };
  const frobenius2 = (m: Float64Array) => m.reduce((s, x) => s + x * x, 0);
  const ab = frobenius2(covariance(u, o.p, v, o.q, o.coupling, 0));
  const aa = frobenius2(covariance(u, o.p, u, o.p, 1, o.noise));
  const bb = frobenius2(covariance(v, o.q, v, o.q, 1, o.noise));
  return ab / Math.sqrt(aa * bb);
}
