import { describe, expect, it } from 'vitest';
import { cellLines, correctionLabel, estimatorValue, formatEstimate, formatP } from './cell-statistics';
import { describeMarks } from './matrix-marks';

const cell = {
  n: 64,
  debiased: {
    value: 0.12,
    interval: { lower: 0.02, upper: 0.22, level: 0.95 },
    nullBaseline: { pValue: 0.03 },
  },
  biased: {
    value: 0.31,
    interval: { lower: 0.25, upper: 0.37, level: 0.95 },
    nullBaseline: { pValue: 0.01 },
  },
  adjustedP: 0.09,
  distinguishable: false,
};

describe('cell statistics as the page prints them', () => {
  it('picks the estimator asked for, else the metric value', () => {
    expect(estimatorValue(cell, 'debiased', 0.31)).toBe(0.12);
    expect(estimatorValue(cell, 'biased', 0.5)).toBe(0.31);
    expect(estimatorValue({}, 'debiased', 0.5)).toBe(0.5);
  });

  it('lists the chosen estimator first, the other beside it, then the adjusted p and the mark', () => {
    expect(cellLines(cell, 'debiased')).toEqual([
      'debiased 0.120 [0.020, 0.220] p=0.03',
      'biased 0.310 [0.250, 0.370] p=0.01',
      'adjusted p=0.09: not distinguishable from the null',
    ]);
    expect(cellLines(cell, 'biased')[0]).toBe('biased 0.310 [0.250, 0.370] p=0.01');
    expect(cellLines({ ...cell, distinguishable: true }, 'debiased')[2]).toBe('adjusted p=0.09');
  });

  it('formats p-values with two significant digits and estimates with their intervals', () => {
    expect(formatP(0.0412)).toBe('0.041');
    expect(formatP(0.00012)).toBe('1.2e-4');
    expect(formatEstimate(0.5, null)).toBe('0.500');
    expect(correctionLabel('benjamini-hochberg')).toBe('Benjamini–Hochberg');
  });

  it('names the correction, its scope and level in the marks legend', () => {
    const text = describeMarks({
      correction: 'benjamini-hochberg',
      alpha: 0.05,
      tests: 12,
      pValues: 'debiased',
      permutations: 99,
      distinguishableCount: 7,
    });
    expect(text).toContain("Benjamini–Hochberg correction across this matrix's 12 tests");
    expect(text).toContain('α = 0.05');
    expect(text).toContain('7 of 12 distinguishable');
  });
});
