import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { noiseImages } from './noise-seeds.js';

const shape = [50, 8, 8, 1] as const; // 3200 pixels

describe('noiseImages', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = noiseImages(shape, { distribution: 'uniform', seed: 3 });
    const b = noiseImages(shape, { distribution: 'uniform', seed: 3 });
    const c = noiseImages(shape, { distribution: 'uniform', seed: 4 });
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
    expect(a.shape).toEqual([50, 8, 8, 1]);
  });

  it('uniform noise fills [0, 1) with mean near 1/2', () => {
    const { data } = noiseImages(shape, { distribution: 'uniform', seed: 1 });
    expect(Math.min(...data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...data)).toBeLessThan(1);
    const mean = data.reduce((s, v) => s + v, 0) / data.length;
    expect(mean).toBeGreaterThan(0.47); // sd of the mean: 0.29 / sqrt(3200) = 0.005
    expect(mean).toBeLessThan(0.53);
  });

  it("normal noise is N(0, 1) clamped to [0, 1], as STIR's code leaves it after its first projection", () => {
    const { data } = noiseImages(shape, { distribution: 'normal', seed: 1 });
    const share = (f: (v: number) => boolean) => data.filter(f).length / data.length;
    expect(Math.min(...data)).toBe(0);
    expect(Math.max(...data)).toBe(1);
    expect(share((v) => v === 0)).toBeCloseTo(0.5, 1); // P(z <= 0) = 0.5
    expect(share((v) => v === 1)).toBeCloseTo(0.159, 1); // P(z >= 1) = 0.159
  });

  it('refuses an unknown distribution and a bad shape', () => {
    expect(() => noiseImages(shape, { distribution: 'gaussian' as never, seed: 0 })).toThrow(
      /noise distribution "gaussian" is unknown; use normal or uniform/,
    );
    expect(() => noiseImages([0, 8, 8, 1], { distribution: 'uniform', seed: 0 })).toThrow(
      InvalidArgumentError,
    );
  });
});
