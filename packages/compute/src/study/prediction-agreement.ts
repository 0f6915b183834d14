/**
 * Prediction agreement (SPEC §5), beside CKA on inverted data: of the images inverted through the row model
 * (each made from a seed to match a target of another label), the share the column model classifies as the
 * target's label and as the seed's. On the diagonal it says how well the inversion fooled its own model.
 */
import { ShapeMismatchError } from '../errors.js';
import type { PredictionAgreement } from './study-executor.js';

/**
 * @param predictions the column model's predicted class per inverted image [n].
 * @throws ShapeMismatchError when the labels are not one per prediction.
 */
export function predictionAgreement(
  predictions: ArrayLike<number>,
  labels: { seed: ArrayLike<number>; target: ArrayLike<number> },
): PredictionAgreement {
  const n = predictions.length;
  if (labels.seed.length !== n || labels.target.length !== n) {
    throw new ShapeMismatchError(
      `${n} predictions but ${labels.seed.length} seed and ${labels.target.length} target labels; give one pair per image`,
    );
  }
  let target = 0;
  let seed = 0;
  for (let i = 0; i < n; i++) {
    if (predictions[i] === labels.target[i]) target++;
    else if (predictions[i] === labels.seed[i]) seed++;
  }
  return { target: n ? target / n : Number.NaN, seed: n ? seed / n : Number.NaN, n };
}
