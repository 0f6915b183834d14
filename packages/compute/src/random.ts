/**
 * Seeded pseudo-random numbers for reproducible sampling (pair sampling, bootstrap, shuffles).
 *
 * Algorithm: Mulberry32 (Tommy Ettinger, 2017), a 32-bit state advanced by the odd constant 0x6D2B79F5 and
 * finalised by two xor-shift-multiply rounds. Period 2^32; adequate for sampling and shuffling, not for
 * cryptography. It is a few lines in any language, so a Python script can replay a SimLab sample exactly. The sequence for a given seed is part of the results' provenance (SPEC §7): changing
 * this file changes every stored sample, so do not.
 */
import { InvalidArgumentError } from './errors.js';

export interface Rng {
  /** The seed this generator started from. */
  readonly seed: number;
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n), without modulo bias; n is a positive integer <= 2^32. */
  int(n: number): number;
  /** Standard normal (mean 0, variance 1) by the Box-Muller transform. */
  normal(): number;
  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T;
  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Int32Array;
}

const TWO_32 = 2 ** 32;

/**
 * Creates a generator from a seed (a non-negative safe integer; the high bits are folded into 32).
 * @throws InvalidArgumentError for a negative, fractional or unsafe seed.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidArgumentError(`seed ${seed} is not a non-negative integer; pass e.g. seed: 42`);
  }
  let state = (seed ^ Math.floor(seed / TWO_32)) >>> 0;

  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };

  const next = (): number => nextUint32() / TWO_32;

  const int = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) {
      throw new InvalidArgumentError(`rng.int(n) needs an integer n in [1, 2^32], got ${n}`);
    }
    // Rejection sampling: drop draws from the incomplete last block so every residue is equally likely.
    const limit = TWO_32 - (TWO_32 % n);
    let x = nextUint32();
    while (x >= limit) x = nextUint32();
    return x % n;
  };

  const normal = (): number => {
    // 1 - next() lies in (0, 1], so the log is finite.
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };

  const shuffle = <T extends { length: number; [i: number]: unknown }>(items: T): T => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  };

  const permutation = (n: number): Int32Array => {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new InvalidArgumentError(`rng.permutation(n) needs a non-negative integer n, got ${n}`);
    }
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return shuffle(p);
  };

  return { seed, nextUint32, next, int, normal, shuffle, permutation };
}
