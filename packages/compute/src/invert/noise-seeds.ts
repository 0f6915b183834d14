/**
 * Random-noise seed images (STIR, SPEC §5: X' starts from noise, not from other dataset images), seeded so a
 * run is reproducible (SPEC §7): the same seed, shape and distribution give the same pixels in any process.
 *
 * Provenance: STIR's published code (nvedant07/STIR, `get_seed_images`, default seed 'super-noise') draws
 * `torch.randn` per pixel, N(0, 1), and lets the first projection of its unconstrained step clamp the iterate
 * into [0, 1]. SPEC §4 needs seeds in [0, 1], so 'normal' clamps N(0, 1) before iterate 0 instead of after
 * iterate 1 (about half the pixels 0, a sixth 1, the rest in between); the two differ by one step. 'uniform'
 * (U[0, 1) per pixel) is the other common choice.
 */
import { InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';

export const NOISE_DISTRIBUTIONS = ['normal', 'uniform'] as const;

/** 'normal': N(0, 1) clamped to [0, 1] (STIR's code); 'uniform': U[0, 1). */
export type NoiseDistribution = (typeof NOISE_DISTRIBUTIONS)[number];

export interface NoiseImagesOptions {
  distribution: NoiseDistribution;
  /** Seed of the generator (Mulberry32, random.ts); a non-negative integer. */
  seed: number;
}

/**
 * Noise images [n, h, w, c], drawn pixel after pixel in NHWC order from one generator.
 * @throws InvalidArgumentError for an unknown distribution, a bad shape or seed.
 */
export function noiseImages(
  shape: readonly [number, number, number, number],
  options: NoiseImagesOptions,
): { data: Float32Array; shape: [number, number, number, number] } {
  if (!shape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new InvalidArgumentError(`noise image shape [${shape.join(', ')}] must be four positive integers`);
  }
  if (!NOISE_DISTRIBUTIONS.includes(options.distribution)) {
    throw new InvalidArgumentError(
      `noise distribution ${JSON.stringify(options.distribution)} is unknown; use ${NOISE_DISTRIBUTIONS.join(' or ')}`,
    );
  }
  const rng = createRng(options.seed);
  const data = new Float32Array(shape.reduce((p, d) => p * d, 1));
  if (options.distribution === 'uniform') {
    for (let i = 0; i < data.length; i++) data[i] = rng.next();
  } else {
    for (let i = 0; i < data.length; i++) data[i] = Math.min(1, Math.max(0, rng.normal()));
  }
  return { data, shape: [...shape] };
}
