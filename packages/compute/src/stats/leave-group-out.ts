/**
 * Biased and debiased linear CKA on all n inputs and on every leave-one-group-out subset, from the two centred
 * Grams K, L [n, n] (symmetric) in one O(n^2) pass plus downdating (docs/statistics.md, "Computing the
 * replicates"); memory O(n) beyond K and L.
 *
 * For a subset S of m inputs, with r_i = sum_{j in S} K_ij, T = sum_{i in S} r_i (likewise s_i, U for L):
 *
 *     biased   HSIC_b(K, L) ~ sum_{S x S} K_ij L_ij - (2/m) sum_S r_i s_i + T U / m^2        (= tr(HKHL))
 *     unbiased HSIC_1(K, L) = [ tr(K~L~) + 1'K~1 1'L~1 / ((m-1)(m-2)) - 2/(m-2) 1'K~L~1 ] / (m(m-3))
 *              K~ = K with zero diagonal:  tr(K~L~) = sum_{S x S} K_ij L_ij - sum_S K_ii L_ii,
 *              1'K~1 = T - sum_S K_ii,  1'K~L~1 = sum_S (r_i - K_ii)(s_i - L_ii)
 *
 * Leaving group e out (P = K∘L, K∘K or L∘L, symmetric): sum_{S x S} P = sum P - 2 sum_{i in e} rowP_i
 * + sum_{e x e} P, and r_i = rowK_i - sum_{j in e} K_ij. Over all groups that is O(n^2) again.
 * The biased normaliser 1/m^2 cancels in the ratio and is dropped.
 */
import { debiasedRatio } from '../similarity/debiased-cka.js';
import { linearValue } from '../similarity/linear-cka.js';
import type { InputGroups } from './input-groups.js';

/** Biased (linear) and debiased CKA of one sample. */
export interface CkaPair {
  biased: number;
  debiased: number;
}

export interface LeaveGroupOutCka {
  /** CKA on all n inputs. */
  full: CkaPair;
  /** Replicate g: CKA with group g left out. [G] each */
  replicates: { biased: Float64Array; debiased: Float64Array };
}

/** Row sums over all columns of K∘L, K∘K, L∘L, K and L [n each], and their totals. */
interface RowSums {
  kl: Float64Array;
  kk: Float64Array;
  ll: Float64Array;
  k: Float64Array;
  l: Float64Array;
  total: { kl: number; kk: number; ll: number };
}

/**
 * CKA on all inputs and with each group of `groups` left out. K and L are the centred Grams of the two sides
 * (src/stats/centred-gram.ts), row-major [n, n], symmetric.
 * @throws DegenerateInputError (as linear and debiased CKA) when a (sub)sample has a zero or non-positive
 *   self-HSIC.
 */
export function leaveGroupOutCka(k: Float64Array, l: Float64Array, groups: InputGroups): LeaveGroupOutCka {
  const rows = rowSums(k, l, groups.n);
  const members = groupMembers(groups);
  const biased = new Float64Array(groups.count);
  const debiased = new Float64Array(groups.count);
  for (let e = 0; e < groups.count; e++) {
    const v = subsetCka(k, l, groups, rows, members[e]!);
    biased[e] = v.biased;
    debiased[e] = v.debiased;
  }
  return { full: subsetCka(k, l, groups, rows, []), replicates: { biased, debiased } };
}

/** Biased and debiased CKA on all n inputs from the centred Grams (what leaveGroupOutCka reports as `full`). */
export function gramCkaPair(k: Float64Array, l: Float64Array, n: number): CkaPair {
  const groupOf = new Int32Array(n); // one group, never left out
  return subsetCka(k, l, { n, count: 1, seed: 0, groupOf, sizes: Int32Array.of(n) }, rowSums(k, l, n), []);
}

/** The one O(n^2) pass over K and L. */
function rowSums(k: Float64Array, l: Float64Array, n: number): RowSums {
  const out: RowSums = {
    kl: new Float64Array(n),
    kk: new Float64Array(n),
    ll: new Float64Array(n),
    k: new Float64Array(n),
    l: new Float64Array(n),
    total: { kl: 0, kk: 0, ll: 0 },
  };
  for (let i = 0; i < n; i++) {
    let kl = 0;
    let kk = 0;
    let ll = 0;
    let sk = 0;
    let sl = 0;
    for (let ij = i * n, end = ij + n; ij < end; ij++) {
      const kij = k[ij]!;
      const lij = l[ij]!;
      kl += kij * lij;
      kk += kij * kij;
      ll += lij * lij;
      sk += kij;
      sl += lij;
    }
    out.kl[i] = kl;
    out.kk[i] = kk;
    out.ll[i] = ll;
    out.k[i] = sk;
    out.l[i] = sl;
    out.total.kl += kl;
    out.total.kk += kk;
    out.total.ll += ll;
  }
  return out;
}

/** Biased and debiased CKA of the inputs not in `leftOut` (empty: all inputs). */
function subsetCka(
  k: Float64Array,
  l: Float64Array,
  { n, groupOf }: InputGroups,
  rows: RowSums,
  leftOut: readonly number[],
): CkaPair {
  const m = n - leftOut.length;
  const out = leftOut.length > 0 ? groupOf[leftOut[0]!]! : -1;
  // 1. sum_{S x S} of K∘L, K∘K, L∘L: the totals less the left-out rows and columns.
  let kl = rows.total.kl;
  let kk = rows.total.kk;
  let ll = rows.total.ll;
  for (const i of leftOut) {
    kl -= 2 * rows.kl[i]!;
    kk -= 2 * rows.kk[i]!;
    ll -= 2 * rows.ll[i]!;
    for (const j of leftOut) {
      const kij = k[i * n + j]!;
      const lij = l[i * n + j]!;
      kl += kij * lij;
      kk += kij * kij;
      ll += lij * lij;
    }
  }
  // 2. Per kept input i: r_i, s_i (row sums over S) and the diagonals, in the combinations both HSICs need.
  let rs = 0; // sum r_i s_i
  let rr = 0;
  let ss = 0;
  let T = 0; // sum r_i
  let U = 0; // sum s_i
  let rL = 0; // sum r_i L_ii
  let sK = 0; // sum s_i K_ii
  let rK = 0; // sum r_i K_ii
  let sL = 0; // sum s_i L_ii
  let dKL = 0; // sum K_ii L_ii
  let dK = 0;
  let dL = 0;
  let dKK = 0;
  let dLL = 0;
  for (let i = 0; i < n; i++) {
    if (groupOf[i] === out) continue;
    let r = rows.k[i]!;
    let s = rows.l[i]!;
    for (const j of leftOut) {
      r -= k[i * n + j]!;
      s -= l[i * n + j]!;
    }
    const kii = k[i * n + i]!;
    const lii = l[i * n + i]!;
    rs += r * s;
    rr += r * r;
    ss += s * s;
    T += r;
    U += s;
    rL += r * lii;
    sK += s * kii;
    rK += r * kii;
    sL += s * lii;
    dKL += kii * lii;
    dK += kii;
    dL += lii;
    dKK += kii * kii;
    dLL += lii * lii;
  }
  // 3. The two estimators.
  const biased = linearValue({
    kl: kl - (2 / m) * rs + (T * U) / (m * m),
    kk: kk - (2 / m) * rr + (T * T) / (m * m),
    ll: ll - (2 / m) * ss + (U * U) / (m * m),
  });
  const unbiased = (trace: number, oneA: number, oneB: number, cross: number) =>
    (trace + (oneA * oneB) / ((m - 1) * (m - 2)) - (2 / (m - 2)) * cross) / (m * (m - 3));
  const debiased = debiasedRatio(
    {
      kl: unbiased(kl - dKL, T - dK, U - dL, rs - rL - sK + dKL),
      kk: unbiased(kk - dKK, T - dK, T - dK, rr - 2 * rK + dKK),
      ll: unbiased(ll - dLL, U - dL, U - dL, ss - 2 * sL + dLL),
    },
    m,
  );
  return { biased, debiased };
}

/** The inputs of each group, in index order. */
function groupMembers({ count, groupOf }: InputGroups): number[][] {
  const out = Array.from({ length: count }, () => [] as number[]);
  for (let i = 0; i < groupOf.length; i++) out[groupOf[i]!]!.push(i);
  return out;
}
