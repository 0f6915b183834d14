import { describe, expect, it } from 'vitest';
import { formatP } from './study-report.js';

describe('formatP', () => {
  it('prints two significant digits, switching to exponent notation below 0.001', () => {
    expect(formatP(0.04123)).toBe('0.041');
    expect(formatP(0.6667)).toBe('0.67');
    expect(formatP(0.00931)).toBe('0.0093');
    expect(formatP(0.000112)).toBe('1.1e-4');
    expect(formatP(0)).toBe('0');
    expect(formatP(Number.NaN)).toBe('–');
  });
});
