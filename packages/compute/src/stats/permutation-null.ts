/**
 * Permutation null of biased and debiased CKA from the centred Grams (SPEC §5): shuffling the rows of B maps
 * L to L_π, (L_π)_ij = L_π(i)π(j), so each shuffle costs one O(n^2) pass over K and L, no product of
 * features. One set of shuffles gives both metrics. The p-value is (1 + #{null >= observed}) / (K + 1)
 * (one-sided: a real similarity is larger than chance), which is exact under exchangeability for any K.
 */
import { throwIfAborted } from '../errors.js';
import { createRng } from '../random.js';
import { debiasedRatio } from '../similarity/debiased-cka.js';
import { linearValue } from '../similarity/linear-cka.js';
import { summarise } from '../similarity/summary.js';
import type { CkaPair } from './leave-group-out.js';

/** The null distribution of one metric, summarised. */
export interface NullSummary {
  /** The metric on the unshuffled pair, computed as the shuffles are (so ties compare exactly). */
  observed: number;
  /** Mean and sample standard deviation (K - 1 denominator) of the shuffled values. */
  mean: number;
  std: number;
  /** (1 + #{shuffled >= observed}) / (K + 1). */
  pValue: number;
  /** K, the number of shuffles. */
  permutations: number;
}

export interface PermutationNull {
  biased: NullSummary;
  debiased: NullSummary;
  /** Shuffled values in the order drawn. [K] each */
  values: { biased: Float64Array; debiased: Float64Array };
  seed: number;
}

export interface PermutationNullOptions {
  /** Shuffles K >= 1. */
  permutations: number;
  /** Seed of the shuffles (Mulberry32, src/random.ts); default 0. */
  seed?: number;
  signal?: AbortSignal;
}

/**
 * (1 + #{null >= observed}) / (K + 1): the permutation p-value that counts the observed arrangement as one of
 * the K + 1 (Phipson & Smyth 2010), so it is never 0 and P(p <= α) <= α under the null.
 */
export function permutationPValue(observed: number, nullValues: ArrayLike<number>): number {
  let exceed = 0;
  for (let k = 0; k < nullValues.length; k++) if (nullValues[k]! >= observed) exceed++;
  return (1 + exceed) / (nullValues.length + 1);
}

/**
 * Biased and debiased CKA under K seeded shuffles of B's rows, from the centred Grams K, L [n, n]
 * (src/stats/centred-gram.ts). The shuffles are those of `rng.permutation(n)` drawn K times from `seed`, as in
 * similarity/null-baseline.ts, so both paths shuffle alike.
 * @throws CancelledError when `signal` fires between shuffles.
 */
export function gramPermutationNull(
  k: Float64Array,
  l: Float64Array,
  n: number,
  options: PermutationNullOptions,
): PermutationNull {
  const seed = options.seed ?? 0;
  const fixed = fixedSums(k, l, n);
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  const observed = shuffledCka(k, l, n, identity, fixed);
  const rng = createRng(seed);
  const biased = new Float64Array(options.permutations);
  const debiased = new Float64Array(options.permutations);
  for (let s = 0; s < options.permutations; s++) {
    throwIfAborted(options.signal, 'permutation null');
    const v = shuffledCka(k, l, n, rng.permutation(n), fixed);
    biased[s] = v.biased;
    debiased[s] = v.debiased;
  }
  return {
    biased: summariseNull(observed.biased, biased),
    debiased: summariseNull(observed.debiased, debiased),
    values: { biased, debiased },
    seed,
  };
}

/** Mean, std and p-value of shuffled values against the observed one. */
export function summariseNull(observed: number, values: Float64Array): NullSummary {
  const list = Array.from(values);
  return {
    observed,
    ...summarise(list),
    pValue: permutationPValue(observed, values),
    permutations: values.length,
  };
}

/** What a shuffle of B leaves alone: ||K||^2, ||L||^2 and their HSIC terms, row sums and diagonals. */
interface FixedSums {
  rowK: Float64Array;
  rowL: Float64Array;
  diagK: Float64Array;
  diagL: Float64Array;
  biasedKK: number;
  biasedLL: number;
  unbiasedKK: number;
  unbiasedLL: number;
  T: number;
  U: number;
  trK: number;
  trL: number;
}

function fixedSums(k: Float64Array, l: Float64Array, n: number): FixedSums {
  const rowK = new Float64Array(n);
  const rowL = new Float64Array(n);
  const diagK = new Float64Array(n);
  const diagL = new Float64Array(n);
  let kk = 0;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    for (let ij = i * n, end = ij + n; ij < end; ij++) {
      rowK[i]! += k[ij]!;
      rowL[i]! += l[ij]!;
      kk += k[ij]! * k[ij]!;
      ll += l[ij]! * l[ij]!;
    }
    diagK[i] = k[i * n + i]!;
    diagL[i] = l[i * n + i]!;
  }
  const self = (row: Float64Array, diag: Float64Array, total: number) => {
    let T = 0;
    let rr = 0;
    let rd = 0;
    let dd = 0;
    let tr = 0;
    for (let i = 0; i < n; i++) {
      T += row[i]!;
      rr += row[i]! * row[i]!;
      rd += row[i]! * diag[i]!;
      dd += diag[i]! * diag[i]!;
      tr += diag[i]!;
    }
    return {
      T,
      tr,
      biased: total - (2 / n) * rr + (T * T) / (n * n),
      unbiased: unbiasedHsic(n, total - dd, T - tr, T - tr, rr - 2 * rd + dd),
    };
  };
  const a = self(rowK, diagK, kk);
  const b = self(rowL, diagL, ll);
  return {
    rowK,
    rowL,
    diagK,
    diagL,
    biasedKK: a.biased,
    biasedLL: b.biased,
    unbiasedKK: a.unbiased,
    unbiasedLL: b.unbiased,
    T: a.T,
    U: b.T,
    trK: a.tr,
    trL: b.tr,
  };
}

/** HSIC_1 from its four sums (src/stats/leave-group-out.ts has the formula). */
function unbiasedHsic(m: number, trace: number, oneA: number, oneB: number, cross: number): number {
  return (trace + (oneA * oneB) / ((m - 1) * (m - 2)) - (2 / (m - 2)) * cross) / (m * (m - 3));
}

/** Biased and debiased CKA of K against L with B's rows in the order `order`. */
function shuffledCka(k: Float64Array, l: Float64Array, n: number, order: Int32Array, f: FixedSums): CkaPair {
  let kl = 0; // sum_ij K_ij L_π(i)π(j)
  for (let i = 0; i < n; i++) {
    const lRow = order[i]! * n;
    let s = 0;
    for (let j = 0, ij = i * n; j < n; j++, ij++) s += k[ij]! * l[lRow + order[j]!]!;
    kl += s;
  }
  let rs = 0; // sum r_i s_π(i)
  let cross = 0; // sum (r_i - K_ii)(s_π(i) - L_π(i)π(i))
  let dKL = 0;
  for (let i = 0; i < n; i++) {
    const pi = order[i]!;
    rs += f.rowK[i]! * f.rowL[pi]!;
    cross += (f.rowK[i]! - f.diagK[i]!) * (f.rowL[pi]! - f.diagL[pi]!);
    dKL += f.diagK[i]! * f.diagL[pi]!;
  }
  const biased = linearValue({
    kl: kl - (2 / n) * rs + (f.T * f.U) / (n * n),
    kk: f.biasedKK,
    ll: f.biasedLL,
  });
  const debiased = debiasedRatio(
    { kl: unbiasedHsic(n, kl - dKL, f.T - f.trK, f.U - f.trL, cross), kk: f.unbiasedKK, ll: f.unbiasedLL },
    n,
  );
  return { biased, debiased };
}
