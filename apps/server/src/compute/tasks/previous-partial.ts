/**
 * compute's checkpoint of an inversion's first k batches (InversionPartial, invertImages `previous`), rebuilt
 * from what the parent stored: each batch's images (and, for a checkpointed inversion, its images at each
 * convergence checkpoint) as .npy files, with their losses. A retried job resumes from it after batch k - 1.
 */
import { type InversionPartial, readNpyFile } from '@simlab/compute';
import type { StoredBatch } from './task-inputs.js';

export interface PartialInput {
  pairCount: number;
  params: {
    stepSize: number;
    iterations: number;
    momentum: number;
    eps: number;
    useBest: boolean;
    batchSize: number;
    fakeRelu: boolean;
    layer: string;
  };
  done: StoredBatch[];
  /** The convergence checkpoints the run keeps, in order; absent or empty: none. */
  checkpoints?: number[];
}

/**
 * @param fakeRelu what the run records in its parameters: the setting, or for STIR the setting where the
 *   representation ends in a ReLU (stirFakeReluApplies).
 */
export async function previousPartial(
  input: PartialInput,
  shape: [number, number, number, number],
  fakeRelu: boolean,
): Promise<InversionPartial> {
  const images: Float32Array[] = [];
  for (const batch of input.done) images.push(await readImages(batch.imagesPath));
  const p = input.params;
  const checkpoints = input.checkpoints?.length
    ? await Promise.all(
        input.checkpoints.map(async (iteration, t) => {
          const parts: Float32Array[] = [];
          for (const [k, batch] of input.done.entries()) {
            const at = batch.checkpoints?.[t];
            if (at?.iteration !== iteration) {
              throw new Error(
                `stored batch ${k} has no images at checkpoint ${iteration}; a checkpointed inversion stores them with every batch`,
              );
            }
            parts.push(await readImages(at.imagesPath));
          }
          return {
            iteration,
            images: concatFloat32(parts),
            losses: Float32Array.from(input.done.flatMap((d) => d.checkpoints![t]!.losses)),
          };
        }),
      )
    : undefined;
  return {
    // compute compares parameters as JSON, so the keys go in its order (the database may reorder them).
    parameters: {
      stepSize: p.stepSize,
      iterations: p.iterations,
      momentum: p.momentum,
      eps: p.eps,
      useBest: p.useBest,
      batchSize: p.batchSize,
      fakeRelu,
      layer: p.layer,
      step: 'l2-momentum',
    },
    imageShape: shape,
    batches: Math.ceil(input.pairCount / p.batchSize),
    batchesDone: input.done.length,
    samplesDone: input.done.reduce((n, d) => n + d.losses.length, 0),
    images: concatFloat32(images),
    losses: Float32Array.from(input.done.flatMap((d) => d.losses)),
    seedLosses: Float32Array.from(input.done.flatMap((d) => d.seedLosses)),
    zeroGradientSteps: Uint32Array.from(input.done.flatMap((d) => d.zeroGradientSteps)),
    batchLossCurves: input.done.map((d) => Float64Array.from(d.lossCurve)),
    batchMs: input.done.map((d) => d.seconds * 1000),
    ...(checkpoints && { checkpoints }),
  };
}

async function readImages(path: string): Promise<Float32Array> {
  return (await readNpyFile(path)).data as Float32Array;
}

function concatFloat32(arrays: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}
