import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { CheckpointInvalidError, InvalidArgumentError } from '../errors.js';
import { createTinyCnn } from '../test-support/inversion-models.js';
import { CheckpointRecord, type InversionCheckpoint, resolveCheckpoints } from './inversion-checkpoints.js';
import type { InversionPartial } from './inversion-result.js';
import { invertImages } from './invert-images.js';
import { noiseImages } from './noise-seeds.js';

/** A batch of `count` 1x1x1 images whose pixels and losses encode (iteration, sample). */
function batch(iterations: number[], first: number, count: number): InversionCheckpoint[] {
  return iterations.map((iteration) => ({
    iteration,
    images: Float32Array.from({ length: count }, (_, i) => iteration + (first + i) / 100),
    losses: Float32Array.from({ length: count }, (_, i) => -(iteration + (first + i) / 100)),
  }));
}

describe('resolveCheckpoints', () => {
  it('sorts and drops repeats; refuses iterations the run does not reach', () => {
    expect(resolveCheckpoints([200, 50, 200, 0], 200)).toEqual([0, 50, 200]);
    expect(() => resolveCheckpoints([50, 300], 200)).toThrow(
      /checkpoint 300 is not an iteration of a run of 200/,
    );
    expect(() => resolveCheckpoints([1.5], 200)).toThrow(InvalidArgumentError);
  });
});

describe('CheckpointRecord', () => {
  it('puts each batch after the previous one, per checkpoint', () => {
    const record = new CheckpointRecord([10, 20], [5, 1, 1, 1]);
    record.add(batch([10, 20], 0, 3));
    record.add(batch([10, 20], 3, 2));
    const [a, b] = record.snapshot();
    expect(a!.iteration).toBe(10);
    expect(Array.from(a!.images)).toEqual([10, 10.01, 10.02, 10.03, 10.04].map(Math.fround));
    expect(Array.from(b!.losses)).toEqual([-20, -20.01, -20.02, -20.03, -20.04].map(Math.fround));
  });

  it('resumes from the prefix of a stored run with the same checkpoints, and refuses other checkpoints', () => {
    const stored = new CheckpointRecord([10, 20], [5, 1, 1, 1]);
    stored.add(batch([10, 20], 0, 3));
    const resumed = new CheckpointRecord([10, 20], [5, 1, 1, 1]);
    resumed.resumeFrom(stored.snapshot(), 3);
    resumed.add(batch([10, 20], 3, 2));
    expect(resumed.snapshot()[1]!.images).toHaveLength(5);
    expect(() => new CheckpointRecord([10], [5, 1, 1, 1]).resumeFrom(stored.snapshot(), 3)).toThrow(
      CheckpointInvalidError,
    );
    expect(() => new CheckpointRecord([10], [5, 1, 1, 1]).resumeFrom(undefined, 3)).toThrow(
      /the stored run has checkpoints \[\] but this run asks for \[10\]/,
    );
  });
});

describe('invertImages with checkpoints', () => {
  let model: tfl.LayersModel;
  const images = (seed: number) => noiseImages([6, 8, 8, 1], { distribution: 'uniform', seed });
  beforeAll(async () => {
    await initBackend();
    model = createTinyCnn(3);
  });
  afterAll(() => model.dispose());

  // Momentum 0.9 and a long step overshoot, so best-so-far and last iterate differ (use_best matters).
  const settings = { stepSize: 0.5, batchSize: 4, iterations: 12 }; // batches of 4 and 2 pairs

  for (const useBest of [true, false]) {
    it(`keeps at t what a separate run of t iterations returns (useBest ${useBest})`, async () => {
      const long = await invertImages(model, images(1), images(2), undefined, undefined, {
        ...settings,
        useBest,
        checkpoints: [12, 3, 0, 7, 3],
      });
      expect(long.checkpoints!.map((c) => c.iteration)).toEqual([0, 3, 7, 12]);
      for (const checkpoint of long.checkpoints!) {
        const short = await invertImages(model, images(1), images(2), undefined, undefined, {
          ...settings,
          useBest,
          iterations: checkpoint.iteration,
        });
        expect(checkpoint.images).toHaveLength(6 * 64);
        Array.from(checkpoint.images).forEach((v, i) => {
          expect(v).toBeCloseTo(short.images[i]!, 6);
        });
        Array.from(checkpoint.losses).forEach((v, i) => {
          expect(v).toBeCloseTo(short.losses[i]!, 6);
        });
      }
      expect(long.checkpoints![3]!.images).toEqual(long.images);
      // The snapshots differ from each other: the run moved between them.
      expect(long.checkpoints![1]!.images).not.toEqual(long.checkpoints![2]!.images);
    });
  }

  it('resumes with the checkpoints of the finished batches, and refuses a checkpoint past the last iteration', async () => {
    const partials: InversionPartial[] = [];
    const whole = await invertImages(model, images(1), images(2), undefined, undefined, {
      ...settings,
      checkpoints: [5],
      onBatchDone: (_, partial) => {
        partials.push(partial);
      },
    });
    expect(partials[0]!.checkpoints![0]!.losses).toHaveLength(4);
    const resumed = await invertImages(model, images(1), images(2), undefined, undefined, {
      ...settings,
      checkpoints: [5],
      startBatch: 1,
      previous: partials[0],
    });
    expect(resumed.checkpoints).toEqual(whole.checkpoints);
    await expect(
      invertImages(model, images(1), images(2), undefined, undefined, { ...settings, checkpoints: [13] }),
    ).rejects.toThrow(/checkpoint 13 is not an iteration of a run of 12/);
  });
});
