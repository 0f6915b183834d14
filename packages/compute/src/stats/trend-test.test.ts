import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { createRng } from '../random.js';
import { crossArchitectureMeans, olsSlope, trendTest } from './trend-test.js';

describe('trendTest', () => {
  it('has the rho of scipy.stats.spearmanr on tied data (to 1e-12)', () => {
    // /usr/bin/python3: scipy.stats.spearmanr(x, y).correlation (scipy 1.10.1)
    const x = [0, 0, 0, 0.25, 0.25, 0.5, 0.5, 1, 1, 1, 0, 0.5];
    const y = [0.31, 0.35, 0.29, 0.4, 0.38, 0.41, 0.47, 0.52, 0.49, 0.55, 0.33, 0.45];
    const architectures = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c'];
    expect(trendTest(x, y, architectures, { permutations: 10 }).rho).toBeCloseTo(0.9662124163797698, 12);
    const other = trendTest([3, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8], Array(8).fill('a'), {
      permutations: 10,
    });
    expect(other.rho).toBeCloseTo(0.19885368120992467, 12);
  });

  it('counts |rho| of within-architecture shuffles: a perfect trend gets p = 1/(K+1) when K is small', () => {
    const eps = [0, 1, 2, 3, 0, 1, 2, 3];
    const similarity = eps.map((e, i) => e * 0.1 + (i < 4 ? 0 : 0.05));
    const result = trendTest(eps, similarity, ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'], {
      permutations: 19,
      seed: 1,
    });
    // 24^2 = 576 within-architecture arrangements; only the identity (and none of 19 random ones, almost surely)
    // reaches |rho| of the observed order.
    expect(result.pValue).toBeLessThanOrEqual(2 / 20);
    expect(result).toMatchObject({
      alternative: 'two-sided',
      shuffle: 'within-architecture',
      permutations: 19,
    });
    expect(result.slopes.map((s) => s.slope)).toEqual([expect.closeTo(0.1, 12), expect.closeTo(0.1, 12)]);
    expect(result.meanSlope).toBeCloseTo(0.1, 12);
  });

  it('never moves a covariate across architectures (an architecture with one eps level cannot shuffle)', () => {
    // Arch a: all eps 0; arch b: all eps 1; similarity follows the architecture. Shuffling within architecture
    // changes nothing, so every shuffle reaches |rho| and p = 1 (the data carry no within-architecture trend).
    const result = trendTest(
      [0, 0, 0, 1, 1, 1],
      [0.1, 0.2, 0.15, 0.5, 0.6, 0.55],
      ['a', 'a', 'a', 'b', 'b', 'b'],
      {
        permutations: 50,
      },
    );
    expect(result.rho).toBeGreaterThan(0.8);
    expect(result.pValue).toBe(1);
    expect(result.slopes.map((s) => s.slope)).toEqual([null, null]);
    expect(result.meanSlope).toBeNull();
  });

  it('is calibrated when similarity does not depend on eps: P(p <= 0.05) = 0.05 within 3 SE (1000 data sets)', () => {
    // 4 architectures x 5 models, eps tied within architecture, and architectures whose baseline similarity rises
    // with their mean eps (the confounding that breaks a test shuffling across architectures).
    const eps = [0, 0, 0.5, 1, 2, 0, 0.5, 0.5, 1, 1, 0, 1, 2, 2, 4, 1, 2, 4, 4, 8];
    const architectures = eps.map((_, i) => `arch${Math.floor(i / 5)}`);
    const baseline = [0.2, 0.3, 0.45, 0.6];
    const rng = createRng(5);
    const runs = 1000;
    let rejected = 0;
    for (let r = 0; r < runs; r++) {
      const similarity = eps.map((_, i) => baseline[Math.floor(i / 5)]! + 0.05 * rng.normal());
      if (trendTest(eps, similarity, architectures, { permutations: 99, seed: r }).pValue <= 0.05) rejected++;
    }
    expect(Math.abs(rejected / runs - 0.05)).toBeLessThanOrEqual(3 * Math.sqrt((0.05 * 0.95) / runs));
  });

  it('has power when similarity rises with eps within architecture (>= 80% of 200 data sets at p <= 0.05)', () => {
    const eps = [0, 0, 0.5, 1, 2, 0, 0.5, 0.5, 1, 1, 0, 1, 2, 2, 4, 1, 2, 4, 4, 8];
    const architectures = eps.map((_, i) => `arch${Math.floor(i / 5)}`);
    const rng = createRng(6);
    let rejected = 0;
    for (let r = 0; r < 200; r++) {
      const similarity = eps.map(
        (e, i) => 0.1 * Math.floor(i / 5) + 0.03 * Math.log1p(e) * 3 + 0.05 * rng.normal(),
      );
      if (trendTest(eps, similarity, architectures, { permutations: 99, seed: r }).pValue <= 0.05) rejected++;
    }
    expect(rejected / 200).toBeGreaterThanOrEqual(0.8);
  });

  it('refuses mismatched lengths, too few models and a constant covariate', () => {
    expect(() => trendTest([0, 1], [0.1, 0.2, 0.3], ['a', 'a', 'a'])).toThrow(ShapeMismatchError);
    expect(() => trendTest([0, 1], [0.1, 0.2], ['a', 'a'])).toThrow(/at least 3 models, got 2/);
    expect(() => trendTest([1, 1, 1], [0.1, 0.2, 0.3], ['a', 'b', 'c'])).toThrow(InvalidArgumentError);
  });
});

describe('olsSlope and crossArchitectureMeans', () => {
  it('fits the least-squares slope, null without spread in x', () => {
    expect(olsSlope([0, 1, 2], [1, 3, 5])).toBeCloseTo(2, 15);
    expect(olsSlope([1, 1], [0, 5])).toBeNull();
  });

  it('averages each row and column over the models of other architectures only', () => {
    const values = [
      [1, 0.9, 0.2, 0.4],
      [0.8, 1, 0.3, 0.5],
      [0.1, 0.6, 1, 0.7],
      [0.2, 0.4, 0.6, 1],
    ];
    const means = crossArchitectureMeans(values, ['a', 'a', 'b', 'b']);
    expect(means.row).toEqual([0.3, 0.4, 0.35, 0.3].map((v) => expect.closeTo(v, 15)));
    expect(means.column).toEqual([0.15, 0.5, 0.25, 0.45].map((v) => expect.closeTo(v, 15)));
    expect(() => crossArchitectureMeans([[1]], ['a'])).toThrow(/no model of another architecture/);
  });
});
