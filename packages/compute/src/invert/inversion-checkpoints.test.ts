import { describe, expect, it } from 'vitest';
import { CheckpointInvalidError, InvalidArgumentError } from '../errors.js';
import { CheckpointRecord, type InversionCheckpoint, resolveCheckpoints } from './inversion-checkpoints.js';

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
