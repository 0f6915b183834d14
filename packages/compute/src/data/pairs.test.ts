import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, SameLabelPairError, ShapeMismatchError } from '../errors.js';
import { assertDifferentLabels, samplePairs } from './pairs.js';

// 60 images over 3 classes of sizes 30, 20, 10, in an interleaved order.
const LABELS = Int32Array.from({ length: 60 }, (_, i) => (i % 6 < 3 ? 0 : i % 6 < 5 ? 1 : 2));

describe('samplePairs', () => {
  it('pairs images of different labels and records indices, labels, seed and count', () => {
    const s = samplePairs(LABELS, { count: 25, seed: 4 });
    expect(s.count).toBe(25);
    expect(s.seed).toBe(4);
    expect(s.seedIndices).toHaveLength(25);
    for (let k = 0; k < 25; k++) {
      expect(s.seedLabels[k]).toBe(LABELS[s.seedIndices[k]!]);
      expect(s.targetLabels[k]).toBe(LABELS[s.targetIndices[k]!]);
      expect(s.seedLabels[k]).not.toBe(s.targetLabels[k]);
    }
  });

  it('uses each image at most once as a seed and at most once as a target', () => {
    const s = samplePairs(LABELS, { count: 30, seed: 9 });
    expect(new Set(s.seedIndices).size).toBe(30);
    expect(new Set(s.targetIndices).size).toBe(30);
  });

  it('reproduces the same pairs from the same seed and different pairs from another', () => {
    const a = samplePairs(LABELS, { count: 20, seed: 123 });
    expect(samplePairs(LABELS, { count: 20, seed: 123 })).toEqual(a);
    const b = samplePairs(LABELS, { count: 20, seed: 124 });
    expect(Array.from(b.seedIndices)).not.toEqual(Array.from(a.seedIndices));
    expect(Array.from(b.targetIndices)).not.toEqual(Array.from(a.targetIndices));
  });

  it('reaches the documented maximum, N minus the largest class, for any seed', () => {
    for (let seed = 0; seed < 20; seed++) {
      const s = samplePairs(LABELS, { count: 30, seed });
      expect(s.count).toBe(30);
    }
  });

  it('draws targets of the other classes in proportion to their sizes', () => {
    // The first pair of a draw meets full pools, so its target's class has an exact probability: a seed of
    // class 2 meets class 0 (30 images) with 30 / (30 + 20) = 0.6; class 0 meets class 1 with 20 / 30; class 1
    // meets class 0 with 30 / 40. Choosing the class uniformly (the bug to catch) would give 0.5 each time.
    const draws = 6000;
    const cases = [
      { seedLabel: 2, targetLabel: 0, p: 30 / 50 },
      { seedLabel: 0, targetLabel: 1, p: 20 / 30 },
      { seedLabel: 1, targetLabel: 0, p: 30 / 40 },
    ];
    const seen = cases.map(() => ({ n: 0, hits: 0 }));
    for (let seed = 0; seed < draws; seed++) {
      const s = samplePairs(LABELS, { count: 1, seed });
      const k = cases.findIndex((c) => c.seedLabel === s.seedLabels[0]);
      seen[k]!.n++;
      if (s.targetLabels[0] === cases[k]!.targetLabel) seen[k]!.hits++;
    }
    for (const [k, { p }] of cases.entries()) {
      const { n, hits } = seen[k]!;
      // ~1000 to 3000 first pairs per seed class: three standard errors are 0.02 to 0.05, well clear of 0.5.
      const standardError = Math.sqrt((p * (1 - p)) / n);
      expect(n).toBeGreaterThan(draws / 8);
      expect(Math.abs(hits / n - p), `seed class ${cases[k]!.seedLabel}: ${hits}/${n}`).toBeLessThan(
        3 * standardError,
      );
      expect(Math.abs(0.5 - p)).toBeGreaterThan(6 * standardError);
    }
  });

  it('refuses a count above the maximum, quoting the limit, and a single-class dataset', () => {
    expect(() => samplePairs(LABELS, { count: 31, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => samplePairs(LABELS, { count: 31, seed: 1 })).toThrow(
      /1\.\.30: 60 images minus 30 .*label 0/,
    );
    expect(() => samplePairs(LABELS, { count: 0, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => samplePairs(new Int32Array(8).fill(3), { count: 1, seed: 1 })).toThrow(
      /all 8 images have label 3; pairs need images of at least two classes/,
    );
    expect(() => samplePairs(LABELS, { count: 5, seed: -2 })).toThrow(InvalidArgumentError);
  });
});

describe('assertDifferentLabels', () => {
  it('accepts pairs that differ and names the first pair that does not', () => {
    expect(() => assertDifferentLabels([0, 1, 2], [1, 2, 0])).not.toThrow();
    const labels = Array.from({ length: 20 }, (_, i) => i % 10);
    const targets = labels.map((l, i) => (i === 17 ? l : (l + 1) % 10));
    expect(() => assertDifferentLabels(labels, targets)).toThrow(SameLabelPairError);
    expect(() => assertDifferentLabels(labels, targets)).toThrow(
      'seed and target share label 7 at pair 17; pairs must differ in label (SPEC §4)',
    );
    expect(() => assertDifferentLabels([0, 1], [1])).toThrow(ShapeMismatchError);
  });
});
