/**
 * The worker side of a parallel inversion (invert-parallel.ts): one slice of one batch, i.e. the pairs
 * [i0, i1) through the same `invertBatch` that `invertImages` runs on one thread. The model is loaded once per
 * session (the first slice of an inversion) and kept until the session is released; the images arrive in
 * shared memory and are read in place.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ModelLike } from '../models/classifier.js';
import { loadClassifier } from '../models/load-model-dir.js';
import { createRepresentationModel, type RepresentationModel } from '../models/representation.js';
import { deserializeModel } from '../models/serialize.js';
import type { OnnxModelOptions } from '../onnx/onnx-model.js';
import type { CheckedImages } from './image-input.js';
import type { InversionProgress, InversionSettings } from './inversion-options.js';
import { type BatchOutcome, invertBatch } from './invert-images.js';

/**
 * Where a worker gets the model: the path it was loaded from (a TF.js model directory, a .onnx file or a
 * directory holding model.onnx), or its serialised TF.js form.
 */
export type ModelSource =
  | { dir: string; options?: OnnxModelOptions }
  | { modelJson: tf.io.ModelJSON; weights: Uint8Array };

export interface InversionSliceTask {
  /** Names the inversion: slices of one session share the loaded model. */
  session: string;
  model: ModelSource;
  /** The representation layer the main thread resolved (so every worker inverts the same one). */
  layer: string;
  settings: InversionSettings;
  /** All pairs of the inversion, in shared memory. */
  seeds: CheckedImages;
  targets: CheckedImages;
  /** Pairs [i0, i1) of batch `batch`, which has `batchSize` pairs. */
  range: [number, number];
  batchSize: number;
  /** Convergence checkpoints to keep (InversionOptions.checkpoints). */
  checkpoints?: readonly number[];
  batch: number;
  batches: number;
}

/** Progress of the slice after each iteration; meanLoss is over the slice. */
export type InversionSliceEvent = Omit<InversionProgress, 'batch' | 'batches'>;

export type InversionSliceResult = BatchOutcome;

const sessions = new Map<string, Promise<{ model: ModelLike; rep: RepresentationModel }>>();

export async function invertSlice(
  task: InversionSliceTask,
  context: { signal: AbortSignal; onEvent: (event: InversionSliceEvent) => void },
): Promise<InversionSliceResult> {
  let session = sessions.get(task.session);
  if (!session) {
    session = load(task);
    sessions.set(task.session, session);
    session.catch(() => sessions.delete(task.session)); // a failed load is retried by the next slice
  }
  const { rep } = await session;
  return invertBatch(rep, task.seeds, task.targets, task.range, task.settings, {
    batch: task.batch,
    batches: task.batches,
    batchSize: task.batchSize,
    checkpoints: task.checkpoints,
    signal: context.signal,
    onProgress: ({ batch: _batch, batches: _batches, ...event }) => context.onEvent(event),
  });
}

/** Disposes the session's model; unknown sessions are ignored (this worker ran none of its slices). */
export function releaseInversionSession(session: string): void {
  const loaded = sessions.get(session);
  sessions.delete(session);
  void loaded?.then(({ model }) => model.dispose()).catch(() => undefined);
}

async function load(task: InversionSliceTask) {
  const model =
    'dir' in task.model
      ? (await loadClassifier(task.model.dir, task.model.options)).model
      : await deserializeModel(task.model.modelJson, task.model.weights);
  const rep = createRepresentationModel(model, task.layer, { fakeRelu: task.settings.fakeRelu });
  return { model, rep };
}
