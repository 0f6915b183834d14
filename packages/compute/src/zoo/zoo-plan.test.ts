import { describe, expect, it } from 'vitest';
import { architectures } from '../models/registry.js';
import { loadZooData } from './zoo-data.js';
import { ZOO_DATASETS, ZOO_RECIPES, zooPlan } from './zoo-plan.js';

describe('zooPlan', () => {
  it('plans 6 families x 3 eps x 2 replicates on MNIST and x 1 on Fashion-MNIST', () => {
    expect(zooPlan(ZOO_RECIPES.mnist)).toHaveLength(architectures.length * 3 * 2);
    expect(zooPlan(ZOO_RECIPES['fashion-mnist'])).toHaveLength(architectures.length * 3);
    expect(zooPlan(ZOO_RECIPES.mnist).map((e) => e.id)).toContain('resnet-l2-eps1-r2');
  });

  it('gives every model its own init seed: none shared within a zoo, nor across the two zoos', () => {
    const all = ZOO_DATASETS.flatMap((d) => zooPlan(ZOO_RECIPES[d]));
    expect(new Set(all.map((e) => e.seed)).size).toBe(all.length);
    expect(new Set(all.map((e) => `${e.dataset}/${e.id}`)).size).toBe(all.length);
    // Seeds feed seededInit's seed * 1000 + k: they must stay far below 2^31 / 1000.
    for (const e of all) expect(e.seed).toBeLessThan(2 ** 31 / 1000);
  });

  it('keeps training, validation and evaluation ranges disjoint within each split', () => {
    for (const recipe of Object.values(ZOO_RECIPES)) {
      const ranges = [recipe.train, recipe.validation, recipe.evaluation];
      for (const [i, a] of ranges.entries()) {
        for (const b of ranges.slice(i + 1)) {
          const sameSplit = a.split === b.split || a.split === 'all' || b.split === 'all';
          const overlap = a.range[0] < b.range[1] && b.range[0] < a.range[1];
          expect(sameSplit && overlap).toBe(false);
        }
      }
    }
  });
});

describe('loadZooData', () => {
  it('cuts the recipe ranges: MNIST 7,200 / 800 / 2,000 and Fashion-MNIST 7,200 / 800 / 10,000', async () => {
    const mnist = await loadZooData(ZOO_RECIPES.mnist);
    expect([mnist.train.count, mnist.validation.count, mnist.evaluation.count]).toEqual([7200, 800, 2000]);
    expect(mnist.validation.name).toBe('mnist[7200:8000]');
    const fashion = await loadZooData(ZOO_RECIPES['fashion-mnist']);
    expect([fashion.train.count, fashion.validation.count, fashion.evaluation.count]).toEqual([
      7200, 800, 10000,
    ]);
    expect(fashion.evaluation.name).toBe('fashion-mnist-test[0:10000]');
    expect(fashion.train.classNames[9]).toBe('Ankle boot');
  });
});
