import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { studentTCdf, studentTQuantile } from './student-t.js';

describe('studentTQuantile', () => {
  it('matches scipy.stats.t.ppf to 5e-9 over the degrees of freedom the jackknife uses', () => {
    // /usr/bin/python3: from scipy.stats import t; t.ppf(q, df)  (scipy 1.10.1)
    const reference: [number, number, number][] = [
      [0.975, 1, 12.706204736432095],
      [0.975, 4, 2.7764451051977987],
      [0.975, 19, 2.093024054408263],
      [0.975, 63, 1.9983405417721956],
      [0.95, 511, 1.647841008903657],
      [0.995, 9, 3.2498355440153697],
      [0.025, 7, -2.3646242510103],
    ];
    for (const [q, df, expected] of reference) expect(studentTQuantile(q, df)).toBeCloseTo(expected, 8);
  });

  it('inverts the CDF and is 0 at the median', () => {
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTCdf(studentTQuantile(0.9, 12), 12)).toBeCloseTo(0.9, 12);
  });

  it('refuses q outside (0, 1) and non-positive degrees of freedom', () => {
    expect(() => studentTQuantile(1, 5)).toThrow(InvalidArgumentError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(/df > 0, got 0/);
  });
});
