/**
 * Parameters of the reproduction study and its two presets. `paper` uses the inversion defaults of the UAI 2022
 * paper (SPEC §4) on more pairs, with convergence checkpoints and STIR; `quick` trades iterations and pairs for a
 * run of minutes on 2 CPU cores. Both ask every cell for biased and debiased CKA with jackknife intervals and
 * permutation nulls (SPEC §5, docs/statistics.md).
 */
import { InvalidArgumentError } from '../errors.js';
import { INVERSION_DEFAULTS, type InversionSettings } from '../invert/inversion-options.js';
import type { CkaMetric } from '../similarity/cka-result.js';
import {
  resolveStirSettings,
  STIR_DEFAULTS,
  type StirSettings,
  type StirSettingsOverrides,
} from '../stir/stir-settings.js';

export type StudyPreset = 'quick' | 'paper';

export interface StudyParams {
  /** The preset these values started from ('custom' when none). */
  preset: StudyPreset | 'custom';
  /** Seed/target pairs per inverted dataset; the targets are also the natural images. */
  pairs: number;
  /** Seed of the pair sampling (samplePairs). */
  pairSeed: number;
  /** Every inversion setting (SPEC §4). */
  inversion: InversionSettings;
  /** Representation layer; undefined: the input of the final Dense layer (SPEC §2). */
  layer?: string;
  metric: CkaMetric;
  /** Per off-diagonal cell: permutation-null shuffles (p-values; 0 skips them). */
  nullPermutations: number;
  /**
   * Jackknife groups per off-diagonal cell (intervals and headline intervals; 0 skips them). Set by
   * resolveStudyParams; absent only in parameters stored before it existed, where bootstrapResamples stands for it.
   */
  intervalGroups?: number;
  /** @deprecated The old name of intervalGroups (kept equal to it by resolveStudyParams). */
  bootstrapResamples: number;
  confidence: number;
  /** Seed of the shuffles and of the jackknife groups. */
  statsSeed: number;
  /** Within-architecture shuffles of each trend test (SPEC §6); absent: 9999. */
  trendPermutations?: number;
  /**
   * The measured-robustness covariate of the trend: each model's accuracy on its card's robustness grid at this
   * eps (the grid's attack, L2 PGD-20 in the shipped zoos); absent: 1.
   */
  robustAccuracyEps?: number;
  /**
   * Convergence checkpoints (iterations): the inverted matrix is also computed on the images each inversion held
   * at these iterations (one run per model). Those above `inversion.iterations` are left out; absent or []: none.
   */
  convergence?: number[];
  /** STIR (SPEC §5) with these settings, both directions of every pair; absent or null: off. */
  stir?: StirSettings | null;
  /** Images per forward pass when computing representations. */
  representationBatchSize: number;
  /** Pairs shown in each model's contact sheet. */
  contactSheetPairs: number;
}

/** Statistics both presets ask of every off-diagonal cell (docs/statistics.md gives coverage and cost). */
const STATISTICS = {
  // Coverage was measured at G = 20 (docs/statistics.md §1.4); t with 19 df. More groups buy little width.
  intervalGroups: 20,
  bootstrapResamples: 20,
  confidence: 0.95,
  statsSeed: 0,
  // 9999 within-architecture shuffles: p resolves to 1e-4; costs milliseconds for tens of models.
  trendPermutations: 9999,
  robustAccuracyEps: 1,
} as const;

export const STUDY_PRESETS: Readonly<Record<StudyPreset, StudyParams>> = {
  quick: {
    preset: 'quick',
    pairs: 64,
    pairSeed: 0,
    // 200 steps of 1/8 move an image up to L2 25 from its seed (an MNIST digit has norm ~9), enough for the loss
    // to flatten on the zoo's small models; measured in bench/study.bench.ts.
    inversion: { ...INVERSION_DEFAULTS, iterations: 200, batchSize: 64 },
    metric: 'linear',
    // BH over m cells rejects at rank j when p <= j alpha / m: with p >= 1/(K+1), K = 99 lets it mark cells
    // when at least m / 5 of them are real (minimumPermutations: K >= 19 only when all are). ~8 ms per cell at
    // n = 64 (docs/statistics.md §6): seconds for a zoo, against minutes of inversion.
    nullPermutations: 99,
    ...STATISTICS,
    convergence: [],
    stir: null,
    representationBatchSize: 256,
    contactSheetPairs: 16,
  },
  paper: {
    preset: 'paper',
    pairs: 512,
    pairSeed: 0,
    inversion: { ...INVERSION_DEFAULTS },
    metric: 'linear',
    // K = 199 lets BH mark cells when at least m / 10 of them are real; ~1 s per cell at n = 512 on 2 busy cores
    // (docs/statistics.md §6): under an hour for a 36-model zoo, against many hours of inversion.
    nullPermutations: 199,
    ...STATISTICS,
    // SPEC §4 runs 2000 iterations; these show whether the inverted matrix has settled well before that.
    convergence: [50, 200, 500, 1000, 2000],
    stir: STIR_DEFAULTS,
    representationBatchSize: 256,
    contactSheetPairs: 32,
  },
};

export type StudyParamsOverrides = Partial<Omit<StudyParams, 'inversion' | 'preset' | 'stir'>> & {
  inversion?: Partial<InversionSettings>;
  /** true: STIR_DEFAULTS; an object: STIR_DEFAULTS with those values; false or null: off. */
  stir?: boolean | StirSettingsOverrides | null;
};

/** Metrics whose cells have measured intervals (docs/statistics.md §8). */
const INTERVAL_METRICS: readonly CkaMetric[] = ['linear', 'debiased'];

/**
 * A preset (default 'quick') with any value replaced; `preset` becomes 'custom' when an override changes a value.
 * The presets' intervals apply to linear and debiased CKA: another metric gets none unless asked for (and then
 * computeCell refuses it).
 * @throws InvalidArgumentError for an unknown preset or a value out of range.
 */
export function resolveStudyParams(
  preset: StudyPreset = 'quick',
  overrides: StudyParamsOverrides = {},
): StudyParams {
  const base = STUDY_PRESETS[preset];
  if (!base) {
    throw new InvalidArgumentError(`unknown study preset ${JSON.stringify(preset)}; use quick or paper`);
  }
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  const { inversion, stir, ...rest } = overrides;
  const params: StudyParams = {
    ...base,
    ...defined(rest),
    inversion: { ...base.inversion, ...defined(inversion ?? {}) },
    stir: stir === undefined ? base.stir : resolveStir(stir),
  };
  const groups = overrides.intervalGroups ?? overrides.bootstrapResamples;
  if (groups === undefined && !INTERVAL_METRICS.includes(params.metric)) params.intervalGroups = 0;
  else if (groups !== undefined) params.intervalGroups = groups;
  params.bootstrapResamples = params.intervalGroups!;
  const changed = JSON.stringify({ ...params, preset: base.preset }) !== JSON.stringify(base);
  params.preset = changed ? 'custom' : base.preset;
  const integer = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min)
      throw new InvalidArgumentError(`${name} ${v} must be an integer >= ${min}`);
  };
  integer('pairs', params.pairs, 4);
  integer('pairSeed', params.pairSeed, 0);
  integer('nullPermutations', params.nullPermutations, 0);
  integer('intervalGroups', params.intervalGroups!, 0);
  integer('statsSeed', params.statsSeed, 0);
  integer('trendPermutations', params.trendPermutations!, 1);
  integer('representationBatchSize', params.representationBatchSize, 1);
  integer('contactSheetPairs', params.contactSheetPairs, 0);
  if (params.intervalGroups === 1) {
    throw new InvalidArgumentError('intervalGroups must be 0 (off) or at least 2');
  }
  if (!(params.robustAccuracyEps! >= 0)) {
    throw new InvalidArgumentError(
      `robustAccuracyEps ${params.robustAccuracyEps} must be an eps >= 0 of the cards' robustness grid, e.g. 1`,
    );
  }
  for (const t of params.convergence ?? []) integer('convergence checkpoint', t, 1);
  params.convergence = [...new Set(params.convergence ?? [])].sort((a, b) => a - b);
  return params;
}

function resolveStir(stir: boolean | StirSettingsOverrides | null): StirSettings | null {
  if (stir === false || stir === null) return null;
  return resolveStirSettings(stir === true ? {} : stir);
}

/**
 * The convergence checkpoints a study inverts with: params.convergence below the inversion's iterations. The
 * last iteration needs no checkpoint: the inverted matrix is its matrix, and closes every convergence record.
 */
export function convergenceCheckpoints(params: StudyParams): number[] {
  return (params.convergence ?? []).filter((t) => t < params.inversion.iterations);
}

/** The statistics of the study's cells, with the defaults of parameters stored before these fields existed. */
export function studyStatistics(params: StudyParams) {
  return {
    metric: params.metric,
    nullPermutations: params.nullPermutations,
    intervalGroups: params.intervalGroups ?? params.bootstrapResamples,
    confidence: params.confidence,
    seed: params.statsSeed,
  };
}
