/**
 * STIR's inversion settings (SPEC §5; Nanda et al., ICML 2022), written once. They differ from the paper
 * inversion's (SPEC §4, INVERSION_DEFAULTS): X' starts from noise, the step is the plain normalised gradient
 * (momentum 0: m = 0 * m + 1 * g / ||g|| is exactly g / ||g||), and the final ReLU passes gradient (fake ReLU).
 *
 * Provenance (nvedant07/STIR, stir/stir.py `_stir`): constraint 'unconstrained' (clamp to [0, 1] only; its
 * step divides the gradient by its L2 norm + 1e-10), step_size 0.5, iterations 1000, use_best True, eps 1000
 * ("does not matter"), the relative L2 loss ||rep(x) - rep(X)|| / ||rep(X)||, seeds 'super-noise' (see
 * noise-seeds.ts), fake ReLU on except for architectures without one (VGG, Inception in its zoo). Here eps 1000
 * stays: an image in [0, 1]^d is at most sqrt(d) from its seed, < 1000 for any d below a million pixels.
 */
import { InvalidArgumentError } from '../errors.js';
import { type InversionSettings, resolveInversionSettings } from '../invert/inversion-options.js';
import { NOISE_DISTRIBUTIONS, type NoiseDistribution } from '../invert/noise-seeds.js';

export interface StirSettings {
  /**
   * The inversion of X' through m1. `fakeRelu: true` means: wherever the representation ends in a ReLU (each
   * inversion records what it used in its parameters).
   */
  inversion: InversionSettings;
  /** Distribution of the noise seeds. */
  noise: NoiseDistribution;
  /** Seed of the noise; the same noise starts every model's inversion (a paired design). */
  noiseSeed: number;
}

export const STIR_DEFAULTS: Readonly<StirSettings> = Object.freeze({
  inversion: Object.freeze({
    stepSize: 0.5,
    iterations: 1000,
    momentum: 0,
    eps: 1000,
    useBest: true,
    batchSize: 32,
    fakeRelu: true,
  }),
  noise: 'normal',
  noiseSeed: 0,
});

export type StirSettingsOverrides = Partial<Omit<StirSettings, 'inversion'>> & {
  inversion?: Partial<InversionSettings>;
};

/**
 * STIR_DEFAULTS with the given values replaced (undefined values are ignored).
 * @throws InvalidArgumentError for a value out of range.
 */
export function resolveStirSettings(overrides: StirSettingsOverrides = {}): StirSettings {
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  const { inversion, ...rest } = overrides;
  const settings: StirSettings = {
    ...STIR_DEFAULTS,
    ...defined(rest),
    inversion: resolveInversionSettings({ ...STIR_DEFAULTS.inversion, ...defined(inversion ?? {}) }),
  };
  if (!NOISE_DISTRIBUTIONS.includes(settings.noise)) {
    throw new InvalidArgumentError(
      `STIR noise ${JSON.stringify(settings.noise)} is unknown; use ${NOISE_DISTRIBUTIONS.join(' or ')}`,
    );
  }
  if (!Number.isSafeInteger(settings.noiseSeed) || settings.noiseSeed < 0) {
    throw new InvalidArgumentError(`STIR noiseSeed ${settings.noiseSeed} must be an integer >= 0`);
  }
  return settings;
}
