import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { adjustMatrixPValues, adjustPValues, minimumPermutations } from './multiple-comparisons.js';

// Reference values: /usr/bin/python3 (numpy 1.24), the statsmodels multipletests formulas written out twice (a loop
// and numpy's accumulate), which agree:
//   holm: np.minimum(np.maximum.accumulate(ps * (m - np.arange(m))), 1)
//   bh:   np.minimum(np.minimum.accumulate((ps * m / np.arange(1, m + 1))[::-1])[::-1], 1)
const P = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.5, 0.001];
const HOLM = [0.06, 0.16, 0.15, 0.035, 0.4, 0.16, 0.5, 0.008];
const BH = [
  0.02666666666666667, 0.05333333333333334, 0.05333333333333334, 0.02, 0.2285714285714286,
  0.05333333333333334, 0.5, 0.008,
];

describe('adjustPValues', () => {
  it("matches statsmodels' Holm adjustment (ties included) to 1e-15, and rejects where adjusted <= alpha", () => {
    const result = adjustPValues(P, 'holm', 0.05);
    expect(result.adjusted).toEqual(HOLM.map((p) => expect.closeTo(p, 15)));
    expect(result.rejected).toEqual([false, false, false, true, false, false, false, true]);
  });

  it("matches statsmodels' Benjamini-Hochberg adjustment to 1e-15, and rejects more than Holm", () => {
    const result = adjustPValues(P, 'benjamini-hochberg', 0.05);
    expect(result.adjusted).toEqual(BH.map((p) => expect.closeTo(p, 15)));
    expect(result.rejected).toEqual([true, false, false, true, false, false, false, true]);
  });

  it('leaves a single test alone and caps adjusted values at 1', () => {
    expect(adjustPValues([0.03], 'holm').adjusted).toEqual([0.03]);
    expect(adjustPValues([0.6, 0.9], 'holm').adjusted).toEqual([1, 1]);
    expect(adjustPValues([0.6, 0.9], 'benjamini-hochberg').adjusted).toEqual([0.9, 0.9]);
  });

  it('refuses p-values outside [0, 1] and alpha outside (0, 1)', () => {
    expect(() => adjustPValues([0.2, 1.5], 'holm')).toThrow(/1.5 at position 1/);
    expect(() => adjustPValues([0.2], 'holm', 0)).toThrow(InvalidArgumentError);
  });
});

describe('adjustMatrixPValues', () => {
  it('corrects the off-diagonal cells of an inverted matrix together, skipping the diagonal', () => {
    const p = [
      [undefined, 0.01, 0.04],
      [0.03, undefined, 0.005],
      [0.2, 0.04, undefined],
    ];
    const result = adjustMatrixPValues(p, 'holm');
    expect(result.tests).toBe(6);
    const flat = adjustPValues([0.01, 0.04, 0.03, 0.005, 0.2, 0.04], 'holm');
    expect(result.adjusted).toEqual([
      [undefined, flat.adjusted[0], flat.adjusted[1]],
      [flat.adjusted[2], undefined, flat.adjusted[3]],
      [flat.adjusted[4], flat.adjusted[5], undefined],
    ]);
    expect(result.rejected[0]![0]).toBeUndefined();
  });

  it('counts each pair of a symmetric (natural) matrix once and mirrors the result', () => {
    const p = [
      [undefined, 0.01, 0.04],
      [0.01, undefined, 0.02],
      [0.04, 0.02, undefined],
    ];
    const result = adjustMatrixPValues(p, 'benjamini-hochberg', { symmetric: true });
    expect(result.tests).toBe(3);
    const flat = adjustPValues([0.01, 0.04, 0.02], 'benjamini-hochberg');
    expect(result.adjusted[0]![1]).toBe(flat.adjusted[0]);
    expect(result.adjusted[1]![0]).toBe(flat.adjusted[0]);
    expect(result.adjusted[2]![1]).toBe(flat.adjusted[2]);
  });
});

describe('minimumPermutations', () => {
  it('says Holm over 380 cells needs K >= 7599 shuffles to reject at all, BH only 19', () => {
    expect(minimumPermutations(380, 'holm')).toBe(7599);
    expect(minimumPermutations(380, 'benjamini-hochberg')).toBe(19);
    expect(1 / (7599 + 1)).toBeLessThanOrEqual(0.05 / 380);
  });
});
