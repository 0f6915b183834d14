/**
 * The cells of one image set (SPEC §5): every model's representation of the images, and its predictions, in one
 * forward pass per batch; then each requested cell through computeCell (the one cell computation, with the
 * statistics asked for) and, given the pairs' labels, the prediction agreement of the column model.
 *
 * Both drivers compute cells here: the CLI in its main thread, the server in a compute child.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError, throwIfAborted } from '../errors.js';
import type { ModelLike } from '../models/classifier.js';
import { createRepresentationModel } from '../models/representation.js';
import type { Activations } from '../similarity/activations.js';
import { computeCell, type MatrixOptions } from '../similarity/matrix.js';
import type { CellPair } from './plan.js';
import { predictionAgreement } from './prediction-agreement.js';
import type { CellsOutcome, StudyCell } from './study-executor.js';

/** The statistics of every cell: metric, null permutations, jackknife groups, confidence, seed. */
export type CellStatisticsOptions = Pick<
  MatrixOptions,
  'metric' | 'nullPermutations' | 'intervalGroups' | 'bootstrapResamples' | 'confidence' | 'seed'
>;

export interface ImageSetCellsOptions {
  /**
   * Representation layer of every model, or per model index; default (undefined) the input of the model's
   * final Dense layer (SPEC §2).
   */
  layer?: string | readonly (string | undefined)[];
  /** Images per forward pass; default 256. */
  batchSize?: number;
  statistics: CellStatisticsOptions;
  /** The pairs' labels, for inverted images: each cell then carries its prediction agreement. */
  labels?: { seed: ArrayLike<number>; target: ArrayLike<number> };
  signal?: AbortSignal;
  /** Called as each cell finishes (the server stores and publishes it at once). */
  onCell?: (cell: StudyCell) => void | Promise<void>;
}

/**
 * @param models indexed as the cells' `a` and `b` (zoo checkpoints or imported models, ModelLike); only the
 *   models the cells name are run.
 * @param images NHWC floats [n, h, w, c] in the models' input shape.
 * @throws InvalidArgumentError for a cell naming a missing model; ShapeMismatchError for images that are not
 *   whole images of the input shape or labels not one pair per image; what computeCell throws.
 */
export async function computeImageSetCells(
  models: readonly (ModelLike | undefined)[],
  images: Float32Array,
  cells: readonly CellPair[],
  options: ImageSetCellsOptions,
): Promise<CellsOutcome> {
  const used = [...new Set(cells.flatMap((c) => [c.a, c.b]))].sort((x, y) => x - y);
  const acts = new Map<number, Activations>();
  const predictions = new Map<number, Int32Array>();
  const layers: Record<number, string> = {};
  for (const index of used) {
    const model = models[index];
    if (!model) {
      throw new InvalidArgumentError(`a cell names model ${index}, but only ${models.length} were given`);
    }
    const layer = typeof options.layer === 'string' ? options.layer : options.layer?.[index];
    const pass = await forwardPass(model, images, layer, options);
    acts.set(index, pass.acts);
    predictions.set(index, pass.predictions);
    layers[index] = pass.layer;
  }
  const out: StudyCell[] = [];
  for (const { a, b } of cells) {
    const cell = await computeCell(
      acts.get(a)!,
      acts.get(b)!,
      { ...options.statistics, signal: options.signal },
      a !== b,
    );
    const done: StudyCell = {
      a,
      b,
      cell,
      ...(options.labels && { agreement: predictionAgreement(predictions.get(b)!, options.labels) }),
    };
    out.push(done);
    await options.onCell?.(done);
  }
  return { cells: out, layers };
}

/** Representation [n, d] and predicted class [n] of every image, batch by batch (each batch in tf.tidy). */
async function forwardPass(
  model: ModelLike,
  images: Float32Array,
  layer: string | undefined,
  options: ImageSetCellsOptions,
): Promise<{ acts: Activations; predictions: Int32Array; layer: string }> {
  const rep = createRepresentationModel(model, layer);
  const size = rep.inputShape.reduce((x, y) => x * y, 1);
  const n = images.length / size;
  if (!Number.isInteger(n)) {
    throw new ShapeMismatchError(
      `${images.length} pixel values are not whole images of the model's input [${rep.inputShape.join(', ')}]`,
    );
  }
  const batchSize = options.batchSize ?? 256;
  const data = new Float32Array(n * rep.dim);
  const predictions = new Int32Array(n);
  for (let start = 0; start < n; start += batchSize) {
    throwIfAborted(options.signal, 'representations');
    const count = Math.min(batchSize, n - start);
    const [r, classes] = tf.tidy(() => {
      const x = tf.tensor4d(images.subarray(start * size, (start + count) * size), [
        count,
        ...rep.inputShape,
      ] as [number, number, number, number]);
      const [representation, logits] = rep.apply(x); // [count, d], [count, classes]
      return [representation, tf.argMax(logits, 1)] as const;
    });
    data.set((await r.data()) as Float32Array, start * rep.dim);
    predictions.set((await classes.data()) as Int32Array, start);
    r.dispose();
    classes.dispose();
  }
  return { acts: { data, n, p: rep.dim }, predictions, layer: rep.layerName };
}
