import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';
import { debiasedCka } from '../similarity/debiased-cka.js';
import { createSyntheticPair, createSyntheticViews } from './synthetic-representations.js';

beforeAll(async () => {
  await initBackend();
});

describe('createSyntheticViews', () => {
  it('has a closed-form population CKA that debiased CKA at n = 20000 reproduces to 0.01', async () => {
    const zoo = createSyntheticViews(
      [
        { units: 16, coupling: 1 },
        { units: 12, coupling: 0.7 },
        { units: 8, coupling: 0 },
      ],
      { seed: 3 },
    );
    const views = zoo.sample(20000, createRng(4));
    for (const [v, w] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      const measured = (await debiasedCka(views[v]!, views[w]!)).value;
      expect(Math.abs(measured - zoo.populationCka(v, w)!)).toBeLessThan(0.01);
    }
    expect(zoo.populationCka(0, 1)).toBeGreaterThan(0.2);
    expect(zoo.populationCka(0, 2)).toBe(0);
    expect(zoo.populationCka(1, 1)).toBe(1);
  });

  it('has no closed form behind a ReLU, and refuses a coupling outside [0, 1]', () => {
    expect(createSyntheticPair({ p: 4, q: 4, coupling: 0.5, relu: true }).populationCka).toBeUndefined();
    expect(() => createSyntheticPair({ p: 4, q: 4, coupling: 1.5 })).toThrow(InvalidArgumentError);
  });
});
