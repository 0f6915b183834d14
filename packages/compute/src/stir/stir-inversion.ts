/**
 * X' for STIR (SPEC §5): images that m1 cannot tell from the natural images X, found by inverting m1's
 * representation of each x in X starting from noise, with STIR's settings (stir-settings.ts):
 *
 *   X'_i = argmin_x ||rep_m1(x) - rep_m1(X_i)|| / ||rep_m1(X_i)||   from noise seed z_i, x in [0, 1]
 *
 * This is invertImages with noise seeds and the natural images as targets (no labels: a seed has none).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../errors.js';
import type { ImageInput } from '../invert/image-input.js';
import type { InversionResult } from '../invert/inversion-result.js';
import { type InversionOptions, invertImages } from '../invert/invert-images.js';
import { noiseImages } from '../invert/noise-seeds.js';
import { isClassifierModel, type ModelLike } from '../models/classifier.js';
import { endsInRelu } from '../models/fake-relu.js';
import { createRepresentationModel } from '../models/representation.js';
import type { StirSettings } from './stir-settings.js';

/** What runs the inversion: invertImages (default), or e.g. invertImagesParallel bound to a worker pool. */
export type Inverter = typeof invertImages;

export interface StirInversionOptions
  extends Pick<
    InversionOptions,
    'layer' | 'onProgress' | 'onBatchDone' | 'startBatch' | 'previous' | 'signal' | 'checkpoints'
  > {
  /** Resolved settings (resolveStirSettings), STIR_DEFAULTS for the defaults. */
  settings: StirSettings;
  /** Default invertImages. */
  invert?: Inverter;
}

/**
 * @param natural X [n, h, w, c] in [0, 1], the images whose representation X' must match.
 * @returns the inversion of X through `model` (its `images` are X', its parameters say whether fake ReLU was
 *   used) and the noise seeds it started from.
 * @throws what invertImages throws (DegenerateInputError for an x whose representation is all zero, ...).
 */
export async function invertForStir(
  model: ModelLike,
  natural: { data: Float32Array; shape: [number, number, number, number] },
  options: StirInversionOptions,
): Promise<InversionResult & { seeds: Float32Array }> {
  const { settings, invert = invertImages, ...rest } = options;
  if (natural.shape.length !== 4) {
    throw new InvalidArgumentError(`natural images have shape [${natural.shape}]; expected [n, h, w, c]`);
  }
  const seeds = noiseImages(natural.shape, { distribution: settings.noise, seed: settings.noiseSeed });
  const fakeRelu = settings.inversion.fakeRelu && stirFakeReluApplies(model, options.layer);
  const result = await invert(model, seeds as ImageInput, natural, undefined, undefined, {
    ...settings.inversion,
    ...rest,
    fakeRelu,
  });
  return { ...result, seeds: seeds.data };
}

/**
 * Whether `model`'s representation (at `layer`, default SPEC §2's) ends in a ReLU that fake ReLU can replace. A
 * ClassifierModel (an imported ONNX model) says so by building, or refusing, its fake-ReLU representation.
 */
export function stirFakeReluApplies(model: ModelLike, layer?: string): boolean {
  if (isClassifierModel(model)) {
    try {
      model.representation(layer, { fakeRelu: true });
      return true;
    } catch (error) {
      if (error instanceof InvalidArgumentError) return false;
      throw error;
    }
  }
  const rep = createRepresentationModel(model as tfl.LayersModel, layer);
  return endsInRelu((model as tfl.LayersModel).getLayer(rep.layerName));
}
