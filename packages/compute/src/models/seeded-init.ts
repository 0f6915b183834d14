/**
 * Seeded weight initialisers, so that `build(shape, classes, seed)` is reproducible: every layer with weights
 * draws its own initialiser from one counter, and the k-th initialiser of a model gets seed `seed * 1000 + k`
 * (TF.js seeds its uniform and truncated-normal generators from that number). Layers are numbered in the
 * order a builder creates them, so changing a builder changes the weights of later layers, as expected.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../errors.js';

type Initializer = ReturnType<typeof tfl.initializers.glorotUniform>;

/** Layers per model that may draw an initialiser before seeds of neighbouring model seeds overlap. */
const SEEDS_PER_MODEL = 1000;

export interface SeededInitializers {
  /** He (Kaiming) normal, fan-in: for kernels followed by ReLU-like activations. */
  he(): Initializer;
  /** Glorot (Xavier) uniform: for linear layers (logits, projections, token mixing). */
  glorot(): Initializer;
}

/**
 * TF.js reads a seed of 0 as "no seed" and draws from Math.random, so the first layer of a model of seed 0 came
 * out different on every build; 0 is sent as -1 instead (only seed -1's last layer slot, never used, shares it).
 * Every other seed is unchanged, so models of other seeds (the zoo's start at 10001) keep their weights.
 */
export function tfSeed(seed: number): number {
  return seed === 0 ? -1 : seed;
}

export function createInitializers(seed: number): SeededInitializers {
  let k = 0;
  const next = (): number => {
    if (k >= SEEDS_PER_MODEL) {
      throw new InvalidArgumentError(
        `a model drew more than ${SEEDS_PER_MODEL} initialisers; raise SEEDS_PER_MODEL`,
      );
    }
    return tfSeed(seed * SEEDS_PER_MODEL + k++);
  };
  return {
    he: () => tfl.initializers.heNormal({ seed: next() }),
    glorot: () => tfl.initializers.glorotUniform({ seed: next() }),
  };
}
