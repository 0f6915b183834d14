/**
 * Convergence checkpoints of an inversion: at chosen iterations t, the images a run of `iterations = t` would
 * return (each sample's best of iterates 0..t under use_best, SPEC §4) with their per-sample losses, recorded
 * from one run (attack-loop.ts `checkpoints`), so a study gets its matrices at every t without re-running.
 */
import { CheckpointInvalidError, InvalidArgumentError } from '../errors.js';

/** What an inversion with `iterations = iteration` returns, for the samples done so far. */
export interface InversionCheckpoint {
  iteration: number;
  /** Images NHWC, the returned iterate of each sample at this iteration. */
  images: Float32Array;
  /** Per sample, the loss of that image (its best loss so far with useBest). */
  losses: Float32Array;
}

/**
 * Sorted, distinct checkpoints.
 * @throws InvalidArgumentError for a checkpoint that is not an integer in 0..iterations.
 */
export function resolveCheckpoints(checkpoints: readonly number[], iterations: number): number[] {
  const bad = checkpoints.find((t) => !Number.isInteger(t) || t < 0 || t > iterations);
  if (bad !== undefined) {
    throw new InvalidArgumentError(
      `checkpoint ${bad} is not an iteration of a run of ${iterations}; give integers in 0..${iterations} ` +
        '(raise iterations to the largest checkpoint)',
    );
  }
  return [...new Set(checkpoints)].sort((a, b) => a - b);
}

/** Collects each batch's checkpoints into full-size arrays, batch after batch (as InversionRecord does). */
export class CheckpointRecord {
  private readonly images: Float32Array[];
  private readonly losses: Float32Array[];
  private samplesDone = 0;

  /** @param imageShape of the whole run [n, h, w, c]. */
  constructor(
    readonly iterations: readonly number[],
    private readonly imageShape: readonly [number, number, number, number],
  ) {
    const [n, h, w, c] = imageShape;
    this.images = iterations.map(() => new Float32Array(n * h * w * c));
    this.losses = iterations.map(() => new Float32Array(n));
  }

  /** The next batch's checkpoints, one per iteration in order (all for the same samples). */
  add(batch: readonly InversionCheckpoint[]): void {
    if (batch.map((c) => c.iteration).join() !== this.iterations.join()) {
      throw new Error(
        `a batch reported checkpoints [${batch.map((c) => c.iteration)}], expected [${this.iterations}]`,
      );
    }
    const per = this.pixelsPerImage();
    batch.forEach((c, k) => {
      this.images[k]!.set(c.images, this.samplesDone * per);
      this.losses[k]!.set(c.losses, this.samplesDone);
    });
    this.samplesDone += batch[0]?.losses.length ?? 0;
  }

  /**
   * Takes over the first `samples` samples of a checkpointed partial run.
   * @throws CheckpointInvalidError when `previous` has other checkpoints (or none).
   */
  resumeFrom(previous: readonly InversionCheckpoint[] | undefined, samples: number): void {
    const had = previous?.map((c) => c.iteration) ?? [];
    if (had.join() !== this.iterations.join() || previous!.some((c) => c.losses.length < samples)) {
      throw new CheckpointInvalidError(
        `cannot resume: the stored run has checkpoints [${had.join(', ')}] but this run asks for ` +
          `[${this.iterations.join(', ')}]; start again without \`previous\` or ask for the same checkpoints`,
      );
    }
    const per = this.pixelsPerImage();
    this.add(
      previous!.map((c) => ({
        iteration: c.iteration,
        images: c.images.subarray(0, samples * per),
        losses: c.losses.subarray(0, samples),
      })),
    );
  }

  /** Copies of the finished prefix (the samples added so far). */
  snapshot(): InversionCheckpoint[] {
    const per = this.pixelsPerImage();
    return this.iterations.map((iteration, k) => ({
      iteration,
      images: this.images[k]!.slice(0, this.samplesDone * per),
      losses: this.losses[k]!.slice(0, this.samplesDone),
    }));
  }

  private pixelsPerImage(): number {
    const [, h, w, c] = this.imageShape;
    return h * w * c;
  }
}
