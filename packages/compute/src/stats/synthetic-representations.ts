/**
 * Synthetic representations with a known population linear CKA, for the coverage and calibration checks of the
 * intervals, nulls and headlines (docs/statistics.md, "Coverage").
 *
 * Model (class-like low-rank signal plus noise): each input draws a class y uniform on C classes and a latent
 *
 *     s = μ_y + w z            μ_c ~ N(0, spread^2 I_r) drawn once, z ~ N(0, I_r)              [r]
 *
 * and view v (a "model") of the input is
 *
 *     x_v = U_v t_v + σ e_v    t_v = ρ_v s + sqrt(1 - ρ_v^2) s'_v,  s'_v an independent copy of s  [p_v]
 *
 * with U_v [p_v, r] of N(0, 1/r) entries drawn once. Then Σ_s = (1/C) Σ_c (μ_c - μ̄)(μ_c - μ̄)^T + w^2 I,
 * Σ_vv = U_v Σ_s U_v^T + σ^2 I, Σ_vw = ρ_v ρ_w U_v Σ_s U_w^T (v != w), and the population linear CKA of views v
 * and w is ||Σ_vw||_F^2 / (||Σ_vv||_F ||Σ_ww||_F) exactly. A pair is views (ρ = 1, ρ = coupling): coupling 0
 * gives independent sides (CKA 0). With `relu` the views pass through max(0, .) and the population value has no
 * closed form (estimate it by debiased CKA at large n).
 */
import { InvalidArgumentError } from '../errors.js';
import { createRng, type Rng } from '../random.js';
import type { Activations } from '../similarity/activations.js';

export interface SyntheticModelOptions {
  /** Latent rank r; default 6. */
  rank?: number;
  /** Classes C; default 10. */
  classes?: number;
  /** Standard deviation of the class means in latent space; default 2. */
  spread?: number;
  /** Within-class latent standard deviation w; default 1. */
  within?: number;
  /** Noise standard deviation per unit σ; default 1. */
  noise?: number;
  /** Pass every view through a ReLU (population value no longer closed-form); default false. */
  relu?: boolean;
  /** Seed of the fixed parameters (class means, U_v); default 0. */
  seed?: number;
}

export interface SyntheticView {
  /** Units p_v. */
  units: number;
  /** ρ_v in [0, 1]: how much of the shared latent the view sees. */
  coupling: number;
}

export interface SyntheticViews {
  /** Closed-form population linear CKA of views v and w; undefined with `relu`. */
  populationCka(v: number, w: number): number | undefined;
  /** n fresh inputs through every view: activations [n, p_v], float32. */
  sample(n: number, rng: Rng): Activations[];
}

/**
 * Several views of the same inputs (a synthetic model zoo).
 * @throws InvalidArgumentError for a coupling outside [0, 1] or non-positive sizes.
 */
export function createSyntheticViews(
  views: readonly SyntheticView[],
  options: SyntheticModelOptions = {},
): SyntheticViews {
  const o = { rank: 6, classes: 10, spread: 2, within: 1, noise: 1, relu: false, seed: 0, ...options };
  for (const [i, v] of views.entries()) {
    if (!(v.coupling >= 0 && v.coupling <= 1)) {
      throw new InvalidArgumentError(`view ${i}: coupling must lie in [0, 1], got ${v.coupling}`);
    }
    if (!Number.isInteger(v.units) || v.units < 1) {
      throw new InvalidArgumentError(`view ${i}: units must be a positive integer, got ${v.units}`);
    }
  }
  for (const [name, v] of Object.entries({ rank: o.rank, classes: o.classes })) {
    if (!Number.isInteger(v) || v < 1)
      throw new InvalidArgumentError(`${name} must be a positive integer, got ${v}`);
  }
  const rng = createRng(o.seed);
  const r = o.rank;
  const means = Array.from({ length: o.classes }, () =>
    Float64Array.from({ length: r }, () => o.spread * rng.normal()),
  );
  const loadings = views.map((v) =>
    Float64Array.from({ length: v.units * r }, () => rng.normal() / Math.sqrt(r)),
  );
  const sigma = latentCovariance(means, o.within);

  const latent = (g: Rng): Float64Array => {
    const mu = means[g.int(o.classes)]!;
    return Float64Array.from(mu, (m) => m + o.within * g.normal());
  };
  const sample = (n: number, g: Rng): Activations[] => {
    const out = views.map((v) => new Float32Array(n * v.units));
    for (let i = 0; i < n; i++) {
      const s = latent(g);
      views.forEach((view, v) => {
        const own = latent(g);
        const c = Math.sqrt(1 - view.coupling * view.coupling);
        const t = s.map((x, k) => view.coupling * x + c * own[k]!);
        const u = loadings[v]!;
        for (let j = 0; j < view.units; j++) {
          let x = o.noise * g.normal();
          for (let k = 0; k < r; k++) x += u[j * r + k]! * t[k]!;
          out[v]![i * view.units + j] = o.relu ? Math.max(0, x) : x;
        }
      });
    }
    return out.map((data, v) => ({ data, n, p: views[v]!.units }));
  };
  const populationCka = (v: number, w: number): number | undefined => {
    if (o.relu) return undefined;
    if (v === w) return 1;
    const [a, b] = [views[v]!, views[w]!];
    const [ua, ub] = [loadings[v]!, loadings[w]!];
    const cross = frobenius2(covariance(ua, a.units, ub, b.units, sigma, r, a.coupling * b.coupling, 0));
    const aa = frobenius2(covariance(ua, a.units, ua, a.units, sigma, r, 1, o.noise));
    const bb = frobenius2(covariance(ub, b.units, ub, b.units, sigma, r, 1, o.noise));
    return cross / Math.sqrt(aa * bb);
  };
  return { populationCka, sample };
}

export interface SyntheticPair {
  /** The closed-form population linear CKA; undefined with `relu`. */
  populationCka: number | undefined;
  /** n fresh inputs through both sides: activations [n, p] and [n, q], float32. */
  sample(n: number, rng: Rng): { a: Activations; b: Activations };
}

/** Two views: A sees the latent fully (ρ = 1), B through `coupling`. */
export function createSyntheticPair(
  options: SyntheticModelOptions & { p: number; q: number; coupling: number },
): SyntheticPair {
  const views = createSyntheticViews(
    [
      { units: options.p, coupling: 1 },
      { units: options.q, coupling: options.coupling },
    ],
    options,
  );
  return {
    populationCka: views.populationCka(0, 1),
    sample: (n, rng) => {
      const [a, b] = views.sample(n, rng);
      return { a: a!, b: b! };
    },
  };
}

/** Σ_s: the between-class covariance over C equally likely classes plus w^2 I. [r, r] */
function latentCovariance(means: Float64Array[], within: number): Float64Array {
  const r = means[0]!.length;
  const centre = new Float64Array(r);
  for (const mu of means) for (let k = 0; k < r; k++) centre[k]! += mu[k]! / means.length;
  const sigma = new Float64Array(r * r);
  for (const mu of means) {
    for (let k = 0; k < r; k++) {
      for (let l = 0; l < r; l++)
        sigma[k * r + l]! += ((mu[k]! - centre[k]!) * (mu[l]! - centre[l]!)) / means.length;
    }
  }
  for (let k = 0; k < r; k++) sigma[k * r + k]! += within ** 2;
  return sigma;
}

/** scale X Σ_s Y^T + noise^2 I. [px, py] */
function covariance(
  x: Float64Array,
  px: number,
  y: Float64Array,
  py: number,
  sigma: Float64Array,
  r: number,
  scale: number,
  noise: number,
): Float64Array {
  const out = new Float64Array(px * py);
  for (let i = 0; i < px; i++) {
    for (let j = 0; j < py; j++) {
      let s = 0;
      for (let k = 0; k < r; k++)
        for (let l = 0; l < r; l++) s += x[i * r + k]! * sigma[k * r + l]! * y[j * r + l]!;
      out[i * py + j] = scale * s + (i === j ? noise ** 2 : 0);
    }
  }
  return out;
}

function frobenius2(m: Float64Array): number {
  let s = 0;
  for (const x of m) s += x * x;
  return s;
}
