import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NonFiniteError, ShapeMismatchError } from '../errors.js';
import { averageRanks, regularizedIncompleteBeta, spearman } from './rank-correlation.js';

/*
 * Reference values from scipy 1.17.1 (python3):
 *   from scipy.stats import spearmanr; r = spearmanr(x, y); r.statistic, r.pvalue
 * "random 40" is x = round(default_rng(7).integers(0, 4, 40) * 0.5, 3), y = round(rng.normal(size=40), 4).
 */
const SCIPY = [
  {
    name: 'no ties',
    x: [0.1, 0.5, 0.3, 0.9, 0.7, 0.2, 0.8],
    y: [1.0, 2.5, 2.0, 3.5, 2.2, 0.5, 4.0],
    rho: 0.8928571428571429,
    p: 0.006807187408935393,
  },
  {
    name: 'ties on both sides (eps levels)',
    x: [0, 0, 0, 1, 1, 1, 3, 3, 3],
    y: [0.41, 0.38, 0.52, 0.47, 0.55, 0.49, 0.61, 0.58, 0.44],
    rho: 0.5797509043642028,
    p: 0.10178621499687127,
  },
  {
    name: 'negative',
    x: [1, 2, 3, 4, 5, 6],
    y: [0.9, 0.7, 0.8, 0.3, 0.2, 0.25],
    rho: -0.8857142857142858,
    p: 0.01884548104956266,
  },
  { name: 'three points', x: [0, 1, 3], y: [0.2, 0.5, 0.4], rho: 0.5, p: 0.6666666666666666 },
  { name: 'perfect', x: [0, 1, 2, 3], y: [0.1, 0.2, 0.3, 0.4], rho: 1.0, p: 0.0 },
  {
    name: 'random 40 with many ties',
    x: [
      1.5, 1.0, 1.0, 1.5, 1.0, 1.5, 1.5, 0.0, 0.0, 0.5, 0.5, 1.5, 1.5, 0.0, 0.5, 1.5, 0.0, 1.5, 0.0, 0.5, 1.5,
      0.5, 0.5, 0.5, 1.0, 0.5, 1.5, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, 1.5, 1.5, 1.5, 1.0, 1.0, 0.5, 1.5,
    ],
    y: [
      -1.8417, -0.2351, -1.2674, 0.2713, 0.1568, -0.1869, -2.5168, -0.5387, -0.0485, 0.1133, -1.5301, -0.4778,
      -0.9785, -0.8088, 1.0609, -0.8075, -0.0325, 0.8844, -0.5836, -0.1117, 0.1105, 0.0638, -1.2251, 0.0761,
      1.3588, -1.5471, 0.8594, 0.1194, -0.6415, 2.0004, 0.7623, -1.1993, 0.0745, 0.5767, -0.1888, 0.6829,
      -0.0665, 0.6672, 1.4385, -0.6757,
    ],
    rho: 0.05733317275576613,
    p: 0.7252899081639169,
  },
];

describe('spearman', () => {
  it.each(SCIPY)('matches scipy.stats.spearmanr on "$name"', ({ x, y, rho, p }) => {
    const result = spearman(x, y);
    expect(result.rho).toBeCloseTo(rho, 12);
    expect(result.p).toBeCloseTo(p, 10);
    expect(result.n).toBe(x.length);
  });

  it('gives tied values the mean of their ranks, as scipy.stats.rankdata does', () => {
    expect(Array.from(averageRanks([3, 1, 3, 2, 3]))).toEqual([4, 1, 4, 2, 4]);
    expect(Array.from(averageRanks([0, 0, 1, 1]))).toEqual([1.5, 1.5, 3.5, 3.5]);
  });

  it('is symmetric in its arguments and flips sign when one side is negated', () => {
    const { x, y } = SCIPY[0]!;
    expect(spearman(y, x).rho).toBeCloseTo(spearman(x, y).rho, 14);
    expect(
      spearman(
        x,
        y.map((v) => -v),
      ).rho,
    ).toBeCloseTo(-spearman(x, y).rho, 14);
  });

  it('returns NaN, as scipy does, when one side is constant', () => {
    const result = spearman([1, 1, 1, 1], [1, 2, 3, 4]);
    expect(result.rho).toBeNaN();
    expect(result.p).toBeNaN();
  });

  it('refuses unequal lengths, fewer than 3 pairs and non-finite values', () => {
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(ShapeMismatchError);
    expect(() => spearman([1, 2], [1, 2])).toThrow(InvalidArgumentError);
    expect(() => spearman([1, Number.NaN, 3], [1, 2, 3])).toThrow(NonFiniteError);
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches scipy.special.betainc at a few points', () => {
    // scipy.special.betainc(a, b, x)
    expect(regularizedIncompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 12);
    expect(regularizedIncompleteBeta(0.9, 0.5, 0.5)).toBeCloseTo(0.7951672353008665, 12);
    expect(regularizedIncompleteBeta(0.2, 10, 0.5)).toBeCloseTo(1.994982493613096e-8, 20);
  });
});
