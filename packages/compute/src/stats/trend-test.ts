/**
 * The robustness trend test (SPEC §6, issue 9): Spearman's rho between a model covariate (training eps, or
 * measured robust accuracy) and a per-model similarity (row or column mean over cross-architecture cells),
 * with a permutation p-value that shuffles the covariate within architecture, and the per-architecture OLS
 * slopes.
 *
 * Why permutations within architecture: row means of one matrix are not independent, eps levels are tied
 * many ways, and architectures differ in baseline similarity. Under the null "similarity does not depend on the
 * covariate within an architecture", the covariate values are exchangeable among the models of each
 * architecture, so shuffling them there gives an exact test of that null whatever the architecture effects
 * (a t-approximation, or shuffling across architectures, is not valid here).
 *
 * p = (1 + #{|rho_π| >= |rho|}) / (K + 1): two-sided (a trend of either sign counts).
 */
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { createRng } from '../random.js';
import { averageRanks, pearson } from '../similarity/rank-correlation.js';

export interface TrendTestOptions {
  /** Within-architecture shuffles K; default 9999. */
  permutations?: number;
  /** Seed of the shuffles (Mulberry32, src/random.ts); default 0. */
  seed?: number;
}

export interface ArchitectureSlope {
  architecture: string;
  models: number;
  /** OLS slope of similarity on the covariate within the architecture; null with fewer than 2 distinct values. */
  slope: number | null;
}

export interface TrendTest {
  /** Models n. */
  n: number;
  /** Spearman's rho (average ranks for ties; scipy.stats.spearmanr's statistic). */
  rho: number;
  /** Two-sided permutation p-value, (1 + #{|rho_π| >= |rho|}) / (K + 1). */
  pValue: number;
  alternative: 'two-sided';
  /** How the covariate was shuffled. */
  shuffle: 'within-architecture';
  permutations: number;
  seed: number;
  /** Per architecture, in order of first appearance. */
  slopes: ArchitectureSlope[];
  /** Mean of the non-null slopes; null when none. */
  meanSlope: number | null;
}

/** Relative tolerance under which |rho_π| counts as reaching |rho| (a rearrangement of ties can round differently). */
const TIE_TOLERANCE = 1e-12;

/**
 * Spearman trend test of `similarity` against `covariate`, one value per model, shuffling within `architectures`.
 * @throws ShapeMismatchError for arrays of different lengths; InvalidArgumentError for fewer than 3 models, a
 *   constant covariate or similarity, a non-finite value, or a permutation count that is not a positive integer.
 */
export function trendTest(
  covariate: readonly number[],
  similarity: readonly number[],
  architectures: readonly string[],
  options: TrendTestOptions = {},
): TrendTest {
  const n = covariate.length;
  if (similarity.length !== n || architectures.length !== n) {
    throw new ShapeMismatchError(
      `trend test: ${n} covariates, ${similarity.length} similarities and ${architectures.length} architectures; ` +
        'pass one of each per model',
    );
  }
  if (n < 3) throw new InvalidArgumentError(`a trend test needs at least 3 models, got ${n}`);
  const permutations = options.permutations ?? 9999;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(permutations) || permutations < 1) {
    throw new InvalidArgumentError(`permutations must be a positive integer, got ${permutations}; e.g. 9999`);
  }
  const x = averageRanks(covariate); // throws NonFiniteError for NaN / Infinity
  const y = averageRanks(similarity);
  const rho = pearson(x, y);
  if (Number.isNaN(rho)) {
    throw new InvalidArgumentError(
      'the covariate or the similarity is the same for every model; a rank correlation needs variation in both',
    );
  }
  const groups = groupIndices(architectures);
  const rng = createRng(seed);
  const shuffled = Float64Array.from(x);
  let exceed = 0;
  for (let k = 0; k < permutations; k++) {
    // Ranks of a shuffled covariate are the shuffled ranks: shuffle the ranks within each architecture.
    for (const members of groups.values()) {
      const values = rng.shuffle(members.map((i) => x[i]!));
      members.forEach((i, j) => {
        shuffled[i] = values[j]!;
      });
    }
    if (Math.abs(pearson(shuffled, y)) >= Math.abs(rho) * (1 - TIE_TOLERANCE)) exceed++;
  }
  const slopes = [...groups.entries()].map(([architecture, members]) => ({
    architecture,
    models: members.length,
    slope: olsSlope(
      members.map((i) => covariate[i]!),
      members.map((i) => similarity[i]!),
    ),
  }));
  const defined = slopes.map((s) => s.slope).filter((s): s is number => s !== null);
  return {
    n,
    rho,
    pValue: (1 + exceed) / (permutations + 1),
    alternative: 'two-sided',
    shuffle: 'within-architecture',
    permutations,
    seed,
    slopes,
    meanSlope: defined.length > 0 ? defined.reduce((s, v) => s + v, 0) / defined.length : null,
  };
}

/** OLS slope of y on x; null when x has fewer than 2 distinct values. */
export function olsSlope(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : null;
}

/**
 * Per model, the mean of its row (S[r][c]) and of its column (S[c][r]) over the cells whose other model has a
 * different architecture (SPEC §6: similarity to models of *other* architectures).
 * @throws InvalidArgumentError when a model has no model of another architecture to compare with.
 */
export function crossArchitectureMeans(
  values: readonly (readonly number[])[],
  architectures: readonly string[],
): { row: number[]; column: number[] } {
  const k = values.length;
  if (architectures.length !== k) {
    throw new ShapeMismatchError(
      `${architectures.length} architectures for a ${k} x ${k} matrix; pass one per model`,
    );
  }
  const row: number[] = [];
  const column: number[] = [];
  for (let m = 0; m < k; m++) {
    const others = architectures.flatMap((a, o) => (a !== architectures[m] ? [o] : []));
    if (others.length === 0) {
      throw new InvalidArgumentError(
        `model ${m} (${architectures[m]}) has no model of another architecture; cross-architecture means need two`,
      );
    }
    row.push(others.reduce((s, o) => s + values[m]![o]!, 0) / others.length);
    column.push(others.reduce((s, o) => s + values[o]![m]!, 0) / others.length);
  }
  return { row, column };
}

function groupIndices(architectures: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  architectures.forEach((a, i) => {
    const list = groups.get(a);
    if (list) list.push(i);
    else groups.set(a, [i]);
  });
  return groups;
}
