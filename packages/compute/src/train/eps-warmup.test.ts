/**
 * The adversarial eps warm-up as the attack receives it: over `warmupEpochs` epochs, step g (1-based, counted over
 * all epochs) attacks at eps * g / warmupSteps with the step size scaled alike, then at eps from there on.
 * pgdAttack is wrapped (not replaced) to record the radius each training step asked for.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../backend.js';
import type { Dataset } from '../data/dataset.js';
import { buildMlp } from '../models/mlp.js';
import { pgdAttack } from './pgd.js';
import { mnistSplit } from './test-fixtures.js';
import { type TrainProgress, trainModel } from './train-model.js';

vi.mock('./pgd.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./pgd.js')>();
  return { ...original, pgdAttack: vi.fn(original.pgdAttack) };
});

let train: Dataset;

beforeAll(async () => {
  await initBackend();
  ({ train } = mnistSplit(256, 1)); // batches of 64: 4 steps per epoch
});

/** Trains a fresh MLP adversarially and returns what each step's attack was given, and the progress reports. */
async function run(epochs: number, warmupEpochs: number | undefined) {
  const attack = vi.mocked(pgdAttack);
  attack.mockClear();
  const progress: TrainProgress[] = [];
  const model = buildMlp({ inputShape: [28, 28, 1], classes: 10, seed: 1 });
  const result = await trainModel(model, train, {
    epochs,
    batchSize: 64,
    adversarial: { norm: 'l2', eps: 1.5, steps: 2, warmupEpochs },
    onProgress: (p) => progress.push(p),
  });
  model.dispose();
  const asked = attack.mock.calls.map(([, , , options]) => ({
    eps: options.eps,
    stepSize: options.stepSize,
  }));
  return { asked, progress, result };
}

describe('adversarial training eps warm-up', () => {
  it('ramps the attack radius and step size linearly over the warm-up steps, then holds them at eps', async () => {
    const { asked, progress, result } = await run(3, 2);
    const fullStep = result.params.attack.stepSize;
    expect(fullStep).toBeCloseTo((2.5 * 1.5) / 2, 12); // the default 2.5 eps / steps, unscaled
    const warmupSteps = 2 * 4;
    const expected = Array.from({ length: 12 }, (_, g) => Math.min(1, (g + 1) / warmupSteps));
    expect(asked).toHaveLength(12);
    asked.forEach(({ eps, stepSize }, g) => {
      expect(eps, `step ${g + 1}`).toBeCloseTo(1.5 * expected[g]!, 12);
      expect(stepSize, `step ${g + 1}`).toBeCloseTo(fullStep * expected[g]!, 12);
    });
    // Strictly rising through the warm-up, full eps from its last step on, never above.
    for (let g = 1; g < warmupSteps; g++) expect(asked[g]!.eps).toBeGreaterThan(asked[g - 1]!.eps);
    expect(asked.slice(warmupSteps - 1).every(({ eps }) => eps === 1.5)).toBe(true);
    // The progress reports say the radius each step trained at.
    expect(progress.map((p) => p.eps)).toEqual(asked.map(({ eps }) => eps));
    expect(result.params.warmupEpochs).toBe(2);
  });

  it('attacks at full eps from the first step without a warm-up', async () => {
    const { asked, progress } = await run(1, undefined);
    expect(asked).toHaveLength(4);
    expect(asked.every(({ eps }) => eps === 1.5)).toBe(true);
    expect(progress.map((p) => p.eps)).toEqual([1.5, 1.5, 1.5, 1.5]);
  });
});
