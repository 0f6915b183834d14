/**
 * What an inversion returns, and the per-batch record behind it: batches finish in order, so the first
 * `batchesDone` batches form a checkpoint (InversionPartial) from which a later call resumes.
 */
import { CheckpointInvalidError } from '../errors.js';
import type { InversionCheckpoint } from './inversion-checkpoints.js';
import type { InversionParameters } from './inversion-options.js';

/** The first `batchesDone` batches of an inversion: enough to resume it (invertImages `previous`). */
export interface InversionPartial {
  parameters: InversionParameters;
  /** Shape of the whole run's images [n, h, w, c]. */
  imageShape: [number, number, number, number];
  batches: number;
  batchesDone: number;
  /** Arrays below cover samples 0..samplesDone-1. */
  samplesDone: number;
  /** Inverted images, NHWC. */
  images: Float32Array;
  /** Per sample, the loss of the returned image (the best iterate's with useBest). */
  losses: Float32Array;
  /** Per sample, the loss of the seed (iterate 0). */
  seedLosses: Float32Array;
  /** Per sample, iterations in which its gradient was exactly zero, so it took no step. */
  zeroGradientSteps: Uint32Array;
  /** Per batch, the mean loss of iterates 0..iterations. */
  batchLossCurves: Float64Array[];
  /** Per batch, milliseconds of wall time. */
  batchMs: number[];
  /** With invertImages `checkpoints`: per checkpoint, the images and losses a run of that many iterations returns. */
  checkpoints?: InversionCheckpoint[];
}

export interface InversionResult extends Omit<InversionPartial, 'batchesDone' | 'samplesDone' | 'batchMs'> {
  /** Mean loss over all samples of iterates 0..iterations (batch curves weighted by batch size). */
  lossCurve: Float64Array;
  /** Wall times: the whole call, each batch (resumed batches keep their recorded times), per iteration. */
  timings: { totalMs: number; batchMs: number[]; msPerIteration: number };
}

/** Collects batch results into full-size arrays; `snapshot` copies the finished prefix. */
export class InversionRecord {
  readonly images: Float32Array;
  readonly losses: Float32Array;
  readonly seedLosses: Float32Array;
  readonly zeroGradientSteps: Uint32Array;
  readonly batchLossCurves: Float64Array[] = [];
  readonly batchMs: number[] = [];
  batchesDone = 0;
  samplesDone = 0;

  constructor(
    readonly parameters: InversionParameters,
    readonly imageShape: [number, number, number, number],
    readonly batches: number,
  ) {
    const [n, h, w, c] = imageShape;
    this.images = new Float32Array(n * h * w * c);
    this.losses = new Float32Array(n);
    this.seedLosses = new Float32Array(n);
    this.zeroGradientSteps = new Uint32Array(n);
  }

  add(
    batch: Omit<InversionPartial, 'parameters' | 'imageShape' | 'batches' | 'batchesDone' | 'samplesDone'>,
  ): void {
    const per = this.images.length / this.imageShape[0];
    this.images.set(batch.images, this.samplesDone * per);
    this.losses.set(batch.losses, this.samplesDone);
    this.seedLosses.set(batch.seedLosses, this.samplesDone);
    this.zeroGradientSteps.set(batch.zeroGradientSteps, this.samplesDone);
    this.batchLossCurves.push(...batch.batchLossCurves);
    this.batchMs.push(...batch.batchMs);
    this.batchesDone += batch.batchLossCurves.length;
    this.samplesDone += batch.losses.length;
  }

  /** Takes over the first `startBatch` batches of a checkpoint made with the same parameters and images. */
  resumeFrom(previous: InversionPartial, startBatch: number, batchSize: number): void {
    const same = JSON.stringify(previous.parameters) === JSON.stringify(this.parameters);
    const shape = previous.imageShape.join('x') === this.imageShape.join('x');
    if (!same || !shape || previous.batchesDone < startBatch) {
      throw new CheckpointInvalidError(
        `cannot resume at batch ${startBatch} from a checkpoint of ${previous.batchesDone} batches of ` +
          `${previous.imageShape.join('x')} images with parameters ${JSON.stringify(previous.parameters)}; ` +
          `this run has ${this.imageShape.join('x')} images and ${JSON.stringify(this.parameters)}`,
      );
    }
    const samples = startBatch * batchSize;
    const per = this.images.length / this.imageShape[0];
    this.add({
      images: previous.images.subarray(0, samples * per),
      losses: previous.losses.subarray(0, samples),
      seedLosses: previous.seedLosses.subarray(0, samples),
      zeroGradientSteps: previous.zeroGradientSteps.subarray(0, samples),
      batchLossCurves: previous.batchLossCurves.slice(0, startBatch),
      batchMs: previous.batchMs.slice(0, startBatch),
    });
  }

  snapshot(): InversionPartial {
    const per = this.images.length / this.imageShape[0];
    return {
      parameters: this.parameters,
      imageShape: this.imageShape,
      batches: this.batches,
      batchesDone: this.batchesDone,
      samplesDone: this.samplesDone,
      images: this.images.slice(0, this.samplesDone * per),
      losses: this.losses.slice(0, this.samplesDone),
      seedLosses: this.seedLosses.slice(0, this.samplesDone),
      zeroGradientSteps: this.zeroGradientSteps.slice(0, this.samplesDone),
      batchLossCurves: this.batchLossCurves.map((c) => c.slice()),
      batchMs: [...this.batchMs],
    };
  }

  /** Mean over all samples per iterate: batch means weighted by batch sizes, summed in float64. */
  overallLossCurve(batchSize: number): Float64Array {
    const n = this.imageShape[0];
    const curve = new Float64Array(this.batchLossCurves[0]?.length ?? 0);
    this.batchLossCurves.forEach((c, k) => {
      const size = Math.min(batchSize, n - k * batchSize);
      for (let t = 0; t < curve.length; t++) curve[t]! += (c[t]! * size) / n;
    });
    return curve;
  }
}
