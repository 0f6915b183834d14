/**
 * Representation inversion (SPEC §4; Ilyas et al. 2019, defaults of Jones et al., UAI 2022): starting from
 * each seed s, find an image whose representation matches that of its target t,
 *
 *   minimise_x ||rep(x) - rep(t)||_2 / ||rep(t)||_2   within ||x - s||_2 <= eps, x in [0, 1]
 *
 * with the generic attack loop (attack-loop.ts: use_best, zero-gradient samples frozen) and the L2-momentum
 * step, one batch of pairs at a time (the momentum restarts at zero for every batch).
 */
import * as tf from '@tensorflow/tfjs-core';
import { runAttackLoop } from '../attack/attack-loop.js';
import { createL2MomentumStep } from '../attack/l2-momentum-step.js';
import { assertDifferentLabels } from '../data/pairs.js';
import { DegenerateInputError, InvalidArgumentError, ShapeMismatchError, throwIfAborted } from '../errors.js';
import type { ModelLike } from '../models/classifier.js';
import { createRepresentationModel, type RepresentationModel } from '../models/representation.js';
import { relativeDistance, rowNorms } from './feature-loss.js';
import { type CheckedImages, checkImages, type ImageInput, sliceImages } from './image-input.js';
import { CheckpointRecord, type InversionCheckpoint, resolveCheckpoints } from './inversion-checkpoints.js';
import {
  type InversionParameters,
  type InversionProgress,
  type InversionSettings,
  resolveInversionSettings,
} from './inversion-options.js';
import { type InversionPartial, InversionRecord, type InversionResult } from './inversion-result.js';

export interface InversionOptions extends Partial<InversionSettings> {
  /** Representation layer name; default: the layer feeding the final Dense layer (SPEC §2). */
  layer?: string;
  /** Called after every iteration of every batch. */
  onProgress?: (progress: InversionProgress) => void;
  /** Called (and awaited) after every finished batch with everything done so far: store it to resume. */
  onBatchDone?: (batchIndex: number, partial: InversionPartial) => void | Promise<void>;
  /** First batch to run; batches before it are taken from `previous`. Default 0. */
  startBatch?: number;
  /** Checkpoint from onBatchDone of an earlier run with the same inputs and parameters; needs startBatch. */
  previous?: InversionPartial;
  /** Stops the run within one iteration with CancelledError. */
  signal?: AbortSignal;
  /**
   * Convergence checkpoints: iterations t in 0..iterations at which to keep what a run of `iterations = t`
   * returns (inversion-checkpoints.ts), in `result.checkpoints` and in every partial (resume needs the same).
   */
  checkpoints?: readonly number[];
}

/**
 * Inverts the representation of each target starting from its seed. Labels, when given, are checked: every
 * pair must have two different labels.
 *
 * @param model a classifier taking images in [0, 1] (any normalisation is inside the model): a TF.js layers model
 *   or any ClassifierModel (an imported ONNX model)
 * @param seeds starting images [n, h, w, c]; @param targets one target per seed, same shape
 * @returns the inverted images (NHWC floats), per-sample losses, loss curves, the parameters used, timings
 * @throws SameLabelPairError, ShapeMismatchError, NonFiniteError / DataFormatError (pixels), NotFoundError
 *   (layer), DegenerateInputError (a target whose representation is zero), InvalidArgumentError (options),
 *   CheckpointInvalidError (resume), CancelledError (signal).
 */
export async function invertImages(
  model: ModelLike,
  seeds: ImageInput,
  targets: ImageInput,
  seedLabels?: ArrayLike<number>,
  targetLabels?: ArrayLike<number>,
  options: InversionOptions = {},
): Promise<InversionResult> {
  return runInversion(
    { model, seeds, targets, seedLabels, targetLabels },
    options,
    (rep, s, t, settings) => (range, context) => invertBatch(rep, s, t, range, settings, context),
  );
}

/** What `invertImages` takes besides its options. */
export interface InversionInputs {
  model: ModelLike;
  seeds: ImageInput;
  targets: ImageInput;
  seedLabels?: ArrayLike<number>;
  targetLabels?: ArrayLike<number>;
}

/** Everything one batch produces, as `InversionRecord.add` takes it (less its wall time). */
export interface BatchOutcome {
  images: Float32Array;
  losses: Float32Array;
  seedLosses: Float32Array;
  zeroGradientSteps: Uint32Array;
  batchLossCurves: Float64Array[];
  /** When `checkpoints` were asked for: the batch's images and losses at each, in iteration order. */
  checkpoints?: InversionCheckpoint[];
}

/** Runs the pairs [i0, i1) of batch `context.batch`, here (`invertBatch`) or on worker threads. */
export type BatchRunner = (range: [number, number], context: BatchContext) => Promise<BatchOutcome>;

/**
 * `invertImages` with the batches run by the runner that `batchRunner` makes once the inputs are checked:
 * checks, resumption, batch order, checkpoints and the result are the same whoever runs the batches.
 */
export async function runInversion(
  { model, seeds, targets, seedLabels, targetLabels }: InversionInputs,
  options: InversionOptions,
  batchRunner: (
    rep: RepresentationModel,
    seeds: CheckedImages,
    targets: CheckedImages,
    settings: InversionSettings,
  ) => BatchRunner,
): Promise<InversionResult> {
  const started = performance.now();
  const settings = resolveInversionSettings(options);
  const rep = createRepresentationModel(model, options.layer, { fakeRelu: settings.fakeRelu });
  const s = checkImages(seeds, rep.inputShape, 'seeds');
  const t = checkImages(targets, rep.inputShape, 'targets');
  const n = s.shape[0];
  if (t.shape[0] !== n)
    throw new ShapeMismatchError(`${n} seeds but ${t.shape[0]} targets; give one target per seed`);
  checkLabels(n, seedLabels, targetLabels);
  const parameters: InversionParameters = { ...settings, layer: rep.layerName, step: 'l2-momentum' };
  const batches = Math.ceil(n / settings.batchSize);
  const record = new InversionRecord(parameters, s.shape, batches);
  const startBatch = options.startBatch ?? 0;
  if (
    !Number.isInteger(startBatch) ||
    startBatch < 0 ||
    startBatch >= batches ||
    (startBatch > 0 && !options.previous)
  ) {
    throw new InvalidArgumentError(
      `startBatch ${startBatch} must be an integer in 0..${batches - 1}, and > 0 only with a previous checkpoint`,
    );
  }
  if (startBatch > 0 && options.previous) record.resumeFrom(options.previous, startBatch, settings.batchSize);
  const checkpoints =
    options.checkpoints &&
    new CheckpointRecord(resolveCheckpoints(options.checkpoints, settings.iterations), s.shape);
  if (checkpoints && startBatch > 0)
    checkpoints.resumeFrom(options.previous?.checkpoints, record.samplesDone);
  const snapshot = (): InversionPartial => ({
    ...record.snapshot(),
    ...(checkpoints && { checkpoints: checkpoints.snapshot() }),
  });
  const runBatch = batchRunner(rep, s, t, settings);
  let iterationMs = 0;
  for (let k = startBatch; k < batches; k++) {
    throwIfAborted(options.signal, 'inversion');
    const batchStart = performance.now();
    const i0 = k * settings.batchSize;
    const i1 = Math.min(n, i0 + settings.batchSize);
    const { checkpoints: batchCheckpoints, ...batch } = await runBatch([i0, i1], {
      ...options,
      batch: k,
      batches,
    });
    const ms = performance.now() - batchStart;
    record.add({ ...batch, batchMs: [ms] });
    if (checkpoints) {
      if (!batchCheckpoints)
        throw new InvalidArgumentError('this batch runner keeps no checkpoints; run without them');
      checkpoints.add(batchCheckpoints);
    }
    iterationMs += ms;
    await options.onBatchDone?.(k, snapshot());
  }
  const done = snapshot();
  const ranIterations = (batches - startBatch) * Math.max(1, settings.iterations);
  return {
    parameters,
    imageShape: done.imageShape,
    batches,
    images: done.images,
    losses: done.losses,
    seedLosses: done.seedLosses,
    zeroGradientSteps: done.zeroGradientSteps,
    batchLossCurves: done.batchLossCurves,
    lossCurve: record.overallLossCurve(settings.batchSize),
    ...(done.checkpoints && { checkpoints: done.checkpoints }),
    timings: {
      totalMs: performance.now() - started,
      batchMs: done.batchMs,
      msPerIteration: iterationMs / ranIterations,
    },
  };
}

/**
 * Which batch a runner works on, with the caller's options (signal, onProgress); `batchSize` is the size of
 * the whole batch when a runner gets only a slice of it.
 */
export type BatchContext = InversionOptions & { batch: number; batches: number; batchSize?: number };

/**
 * The pairs i0..i1 of `seeds` and `targets` through the attack loop: one batch, or a worker's slice of one
 * (the per-sample loss and normalised gradient make each sample's trajectory independent of the others).
 */
export async function invertBatch(
  rep: RepresentationModel,
  seeds: CheckedImages,
  targets: CheckedImages,
  [i0, i1]: [number, number],
  settings: InversionSettings,
  context: BatchContext,
): Promise<BatchOutcome> {
  const x0 = sliceImages(seeds, i0, i1);
  const checkpoints: InversionCheckpoint[] = [];
  const [rT, rTNorm] = tf.tidy(() => {
    const r = rep.represent(sliceImages(targets, i0, i1)); // r_t = rep(t), fixed: [b, d]
    return [r, rowNorms(r)];
  });
  try {
    const norms = await rTNorm.data();
    const zero = Array.from(norms).indexOf(0);
    if (zero >= 0) {
      throw new DegenerateInputError(
        `the representation (layer '${rep.layerName}') of target ${i0 + zero} is all zero, so the relative ` +
          'loss ||rep(x) - r_t|| / ||r_t|| is undefined; choose another target or representation layer',
      );
    }
    const result = await runAttackLoop({
      x0,
      objective: (x) => relativeDistance(rep.represent(x), rT as tf.Tensor2D, rTNorm as tf.Tensor1D),
      direction: 'minimise',
      step: createL2MomentumStep(settings),
      iterations: settings.iterations,
      useBest: settings.useBest,
      signal: context.signal,
      label: `inversion batch ${context.batch}`,
      meanOver: context.batchSize, // a slice's samples are scaled as in the whole batch
      inputGradientsOnly: true,
      checkpoints: context.checkpoints,
      onCheckpoint: async ({ iteration, x, losses }) => {
        checkpoints.push({ iteration, images: (await x.data()) as Float32Array, losses });
      },
      onIteration: ({ iteration, iterations, losses, zeroGradient }) =>
        context.onProgress?.({
          batch: context.batch,
          batches: context.batches,
          iteration,
          iterations,
          meanLoss: losses.reduce((a, v) => a + v, 0) / losses.length,
          minLoss: Math.min(...losses),
          maxLoss: Math.max(...losses),
          zeroGradient,
        }),
    });
    const images = (await result.x.data()) as Float32Array;
    result.x.dispose();
    return {
      images,
      losses: result.losses,
      seedLosses: result.initialLosses,
      zeroGradientSteps: result.zeroGradientSteps,
      batchLossCurves: [result.lossCurve],
      ...(context.checkpoints && { checkpoints }),
    };
  } finally {
    tf.dispose([x0, rT, rTNorm]);
  }
}

function checkLabels(n: number, seedLabels?: ArrayLike<number>, targetLabels?: ArrayLike<number>): void {
  if (seedLabels === undefined && targetLabels === undefined) return;
  if (seedLabels === undefined || targetLabels === undefined) {
    throw new InvalidArgumentError('give both seedLabels and targetLabels, or neither');
  }
  if (seedLabels.length !== n) {
    throw new ShapeMismatchError(`${seedLabels.length} seed labels for ${n} pairs; give one label per seed`);
  }
  assertDifferentLabels(seedLabels, targetLabels);
}
