import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { createRng } from './random.js';

describe('createRng', () => {
  it('reproduces the reference Mulberry32 stream (values from an independent Python implementation)', () => {
    const rng = createRng(42);
    expect(Array.from({ length: 5 }, () => rng.nextUint32())).toEqual([
      2581720956, 1925393290, 3661312704, 2876485805, 750819978,
    ]);
    const zero = createRng(0);
    expect(Array.from({ length: 3 }, () => zero.nextUint32())).toEqual([1144304738, 1416247, 958946056]);
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const sa = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(sa);
  });

  it('draws next() in [0, 1) with mean near 1/2', () => {
    const rng = createRng(1);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = rng.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Standard error of the mean is sqrt(1/12 / 20000) ~ 0.002; 0.01 is five of them.
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
  });

  it('draws int(n) uniformly over 0..n-1', () => {
    const rng = createRng(3);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) {
      const k = rng.int(7);
      counts[k] = (counts[k] ?? Number.NaN) + 1;
    }
    expect(counts).toHaveLength(7);
    // Each count is ~Binomial(70000, 1/7): sd ~ 93; 500 is over five sd.
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('draws normal() with mean 0 and variance 1', () => {
    const rng = createRng(5);
    const n = 50_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    expect(Number.isFinite(s2)).toBe(true);
    const mean = s / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - mean * mean - 1)).toBeLessThan(0.03);
  });

  it('shuffles in place into a permutation and permutation(n) holds every index once', () => {
    const rng = createRng(11);
    const items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const same = rng.shuffle(items);
    expect(same).toBe(items);
    expect([...items].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const p = rng.permutation(100);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('refuses bad seeds and bad ranges with InvalidArgumentError', () => {
    expect(() => createRng(-1)).toThrow(InvalidArgumentError);
    expect(() => createRng(1.5)).toThrow(/seed 1.5/);
    expect(() => createRng(0).int(0)).toThrow(InvalidArgumentError);
  });
});
