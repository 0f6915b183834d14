/**
 * Parameters of the reproduction study and its two presets. `paper` uses the inversion defaults of the UAI 2022
 * paper (SPEC §4) on more pairs; `quick` trades iterations and pairs for a run of minutes on 2 CPU cores.
 */
import { InvalidArgumentError } from '../errors.js';
import { INVERSION_DEFAULTS, type InversionSettings } from '../invert/inversion-options.js';
import type { CkaMetric } from '../similarity/cka-result.js';

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
  /** Per-cell null baseline shuffles and bootstrap resamples (0 skips them). */
  nullPermutations: number;
  bootstrapResamples: number;
  confidence: number;
  /** Seed of the shuffles and resamples. */
  statsSeed: number;
  /** Images per forward pass when computing representations. */
  representationBatchSize: number;
  /** Pairs shown in each model's contact sheet. */
  contactSheetPairs: number;
}

export const STUDY_PRESETS: Readonly<Record<StudyPreset, StudyParams>> = {
  quick: {
    preset: 'quick',
    pairs: 64,
    pairSeed: 0,
    // 200 steps of 1/8 move an image up to L2 25 from its seed (an MNIST digit has norm ~9), enough for the loss
    // to flatten on the zoo's small models; measured in bench/study.bench.ts.
    inversion: { ...INVERSION_DEFAULTS, iterations: 200, batchSize: 64 },
    metric: 'linear',
    nullPermutations: 10,
    bootstrapResamples: 50,
    confidence: 0.95,
    statsSeed: 0,
    representationBatchSize: 256,
    contactSheetPairs: 16,
  },
  paper: {
    preset: 'paper',
    pairs: 512,
    pairSeed: 0,
    inversion: { ...INVERSION_DEFAULTS },
    metric: 'linear',
    nullPermutations: 20,
    bootstrapResamples: 200,
    confidence: 0.95,
    statsSeed: 0,
    representationBatchSize: 256,
    contactSheetPairs: 32,
  },
};

export type StudyParamsOverrides = Partial<Omit<StudyParams, 'inversion' | 'preset'>> & {
  inversion?: Partial<InversionSettings>;
};

/**
 * A preset (default 'quick') with any value replaced; `preset` becomes 'custom' when an override changes a value.
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
  const { inversion, ...rest } = overrides;
  const params: StudyParams = {
    ...base,
    ...defined(rest),
    inversion: { ...base.inversion, ...defined(inversion ?? {}) },
  };
  const changed = JSON.stringify({ ...params, preset: base.preset }) !== JSON.stringify(base);
  params.preset = changed ? 'custom' : base.preset;
  const positive = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min)
      throw new InvalidArgumentError(`${name} ${v} must be an integer >= ${min}`);
  };
  positive('pairs', params.pairs, 4);
  positive('pairSeed', params.pairSeed, 0);
  positive('nullPermutations', params.nullPermutations, 0);
  positive('bootstrapResamples', params.bootstrapResamples, 0);
  positive('statsSeed', params.statsSeed, 0);
  positive('representationBatchSize', params.representationBatchSize, 1);
  positive('contactSheetPairs', params.contactSheetPairs, 0);
  if (params.bootstrapResamples === 1) {
    throw new InvalidArgumentError('bootstrapResamples must be 0 (off) or at least 2');
  }
  return params;
}
