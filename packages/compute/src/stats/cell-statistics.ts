/**
 * Everything SPEC §5 asks of one similarity cell, for one pair of activation matrices over the same n inputs:
 * biased (linear) and debiased CKA, a grouped-jackknife interval for each, their permutation nulls with
 * p-values, and the leave-one-group-out replicates that headline means over many cells need
 * (src/stats/headline.ts). docs/statistics.md gives the methods and their measured coverage.
 *
 * What the intervals cover (measured, docs/statistics.md "Coverage"):
 *   debiased  the population CKA ||Σ_ab||^2 / (||Σ_aa|| ||Σ_bb||)
 *   biased    the expected biased CKA at this n, p, q (not the population value: the bias can be many
 *             standard errors at small n); `interval.biasCorrectedEstimate` estimates the population value.
 */
import { ShapeMismatchError, throwIfAborted } from '../errors.js';
import { type ActivationsInput, toActivations, validateActivations } from '../similarity/activations.js';
import { centredGram, GRAM_MAX_INPUTS } from './centred-gram.js';
import { featureCkaPair, featureLeaveGroupOut, featurePermutationNull } from './feature-path.js';
import { createInputGroups, groupCountFor, type InputGroups } from './input-groups.js';
import { type JackknifeInterval, jackknifeInterval } from './jackknife.js';
import { type CkaPair, gramCkaPair, type LeaveGroupOutCka, leaveGroupOutCka } from './leave-group-out.js';
import { gramPermutationNull, type NullSummary, type PermutationNull } from './permutation-null.js';

/** What each metric's interval covers, in words, as reports should say it. */
export const INTERVAL_TARGETS = {
  biased: 'the expected biased CKA at this n, p, q',
  debiased: 'the population CKA',
} as const;

/** Groups when a caller asks for intervals without saying how many: 20 (t with 19 df), capped at n. */
export const DEFAULT_INTERVAL_GROUPS = 20;

export interface CellStatisticsOptions {
  /**
   * The jackknife groups, shared by every cell over the same inputs (createInputGroups) so that replicates
   * average across cells. When absent they are made from `intervalGroups` and `seed`.
   */
  groups?: InputGroups;
  /** G when `groups` is absent: default 20, capped at n; 0 computes no interval and no replicates. */
  intervalGroups?: number;
  /** Interval coverage in (0, 1); default 0.95. */
  level?: number;
  /** Row shuffles of B for the permutation null; default 0 (no null). */
  permutations?: number;
  /** Seed of the shuffles, and of the groups when they are made here; default 0. */
  seed?: number;
  /** 'gram' holds two n x n Grams (fast for n <= 4096), 'features' recomputes per group; default 'auto'. */
  path?: 'auto' | 'gram' | 'features';
  signal?: AbortSignal;
}

/** One metric of a cell. */
export interface MetricStatistics {
  /** CKA on all n inputs. */
  value: number;
  /** Jackknife interval centred on `value` (see INTERVAL_TARGETS for what it covers); absent with 0 groups. */
  interval?: JackknifeInterval;
  /** Replicate g = the metric with group g left out, in group order. [G]; absent with 0 groups. */
  replicates?: number[];
  /** Permutation null; absent with 0 permutations. */
  null?: NullSummary;
}

export interface CellStatistics {
  /** Inputs, units of A, units of B. */
  n: number;
  p: number;
  q: number;
  biased: MetricStatistics;
  debiased: MetricStatistics;
  /** The jackknife groups used (count G and the seed that dealt them); absent with 0 groups. */
  groups?: { count: number; seed: number };
  /** Shuffles of the null (0: none) and their seed. */
  permutations: number;
  seed: number;
  path: 'gram' | 'features';
}

/**
 * Biased and debiased CKA of A and B with intervals, nulls and replicates (module comment).
 * @throws ShapeMismatchError when `groups` was made for another n; InvalidArgumentError for a bad group
 *   count, level or permutation count; what linear and debiased CKA throw (validateActivations).
 */
export async function cellStatistics(
  aInput: ActivationsInput,
  bInput: ActivationsInput,
  options: CellStatisticsOptions = {},
): Promise<CellStatistics> {
  const a = toActivations(aInput);
  const b = toActivations(bInput);
  validateActivations(a, b);
  throwIfAborted(options.signal, 'cell statistics');
  const { n } = a;
  const seed = options.seed ?? 0;
  const permutations = options.permutations ?? 0;
  const groups = resolveGroups(n, options, seed);
  const path =
    options.path === 'features' || (options.path !== 'gram' && n > GRAM_MAX_INPUTS) ? 'features' : 'gram';
  const nullOptions = { permutations, seed, signal: options.signal };
  let full: CkaPair;
  let replicates: LeaveGroupOutCka['replicates'] | undefined;
  let nulls: PermutationNull | undefined;
  if (path === 'gram') {
    const k = await centredGram(a);
    const l = await centredGram(b);
    if (groups) ({ full, replicates } = leaveGroupOutCka(k, l, groups));
    else full = gramCkaPair(k, l, n);
    if (permutations > 0) nulls = gramPermutationNull(k, l, n, nullOptions);
  } else {
    const formOptions = { signal: options.signal };
    if (groups) ({ full, replicates } = await featureLeaveGroupOut(a, b, groups, formOptions));
    else full = await featureCkaPair(a, b, formOptions);
    if (permutations > 0) nulls = await featurePermutationNull(a, b, nullOptions);
  }
  const metric = (name: 'biased' | 'debiased'): MetricStatistics => {
    const out: MetricStatistics = { value: full[name] };
    const left = replicates?.[name];
    if (left) {
      out.interval = jackknifeInterval(out.value, left, { level: options.level });
      out.replicates = Array.from(left);
    }
    if (nulls) out.null = nulls[name];
    return out;
  };
  return {
    n,
    p: a.p,
    q: b.p,
    biased: metric('biased'),
    debiased: metric('debiased'),
    ...(groups && { groups: { count: groups.count, seed: groups.seed } }),
    permutations,
    seed,
    path,
  };
}

function resolveGroups(n: number, options: CellStatisticsOptions, seed: number): InputGroups | undefined {
  if (options.groups) {
    if (options.groups.n !== n) {
      throw new ShapeMismatchError(
        `jackknife groups were made for n = ${options.groups.n} inputs but the activations have n = ${n}; ` +
          'make the groups with createInputGroups(n, G, seed) for these inputs',
      );
    }
    return options.groups;
  }
  const requested = options.intervalGroups ?? DEFAULT_INTERVAL_GROUPS;
  if (requested === 0) return undefined;
  return createInputGroups(n, groupCountFor(requested, n), seed);
}
