import { describe, expect, it } from 'vitest';
import { linearScale, niceDomain, niceTicks, tickStep } from './linear-scale';

describe('linearScale', () => {
  it('maps the domain ends to the range ends, including inverted (SVG y) ranges', () => {
    const y = linearScale([0, 1], [300, 20]);
    expect(y(0)).toBe(300);
    expect(y(1)).toBe(20);
    expect(y(0.5)).toBe(160);
  });

  it('puts everything in the middle when the domain has no width', () => {
    expect(linearScale([2, 2], [0, 100])(2)).toBe(50);
  });
});

describe('ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(tickStep(0, 1, 5)).toBe(0.2);
    expect(tickStep(0, 8, 5)).toBe(2);
    expect(tickStep(0, 0.03, 5)).toBe(0.005);
  });

  it('lists round ticks inside the interval', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.13, 0.61, 5)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6]);
  });

  it('widens a domain to nice steps and pads a single value', () => {
    expect(niceDomain([0.13, 0.61])).toEqual([0.1, 0.7]);
    expect(niceDomain([0.5])).toEqual([0.44, 0.56]);
    expect(niceDomain([])).toEqual([0, 1]);
  });
});
