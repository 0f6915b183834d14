/**
 * Training to a validation plateau (SPEC §6 zoo hygiene): train epoch by epoch, score a held-out validation split
 * after each, stop once the score has not improved for `patience` epochs, and keep the weights of the best epoch.
 *
 * The score is accuracy: clean for standard training, under PGD at the training eps for adversarial training
 * (robust overfitting makes clean accuracy the wrong thing to select on; Rice, Wong and Kolter 2020). Epochs of
 * the eps warm-up never count as the best nor against patience: the model was not yet trained at its eps.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Dataset } from '../data/dataset.js';
import { InvalidArgumentError } from '../errors.js';
import { robustAccuracy } from './robust-accuracy.js';
import { type TrainOptions, type TrainResult, trainModel } from './train-model.js';

export interface PlateauOptions {
  /** Most epochs to run. */
  maxEpochs: number;
  /** Epochs without an improvement of more than `minDelta` before stopping. Default 3. */
  patience?: number;
  /** Smallest rise of the score that counts as an improvement. Default 0.002 (accuracy units). */
  minDelta?: number;
  /** PGD steps of the validation attack (adversarial training only). Default 10. */
  attackSteps?: number;
  /** Validation images scored per epoch (the first ones). Default all. */
  limit?: number;
}

export interface ValidationPoint {
  epoch: number;
  cleanAccuracy: number;
  /** Accuracy under PGD at the training eps; absent for standard training. */
  robustAccuracy?: number;
  /** The score early stopping compares: robustAccuracy when trained adversarially, else cleanAccuracy. */
  score: number;
}

/** What early stopping did, for the model card. */
export interface EarlyStoppingRecord {
  score: 'clean-accuracy' | 'robust-accuracy';
  maxEpochs: number;
  patience: number;
  minDelta: number;
  /** PGD steps of the validation attack; 0 for standard training. */
  attackSteps: number;
  validationCount: number;
  epochsRun: number;
  /** The epoch whose weights were kept. */
  bestEpoch: number;
  bestScore: number;
  /** 'plateau' when patience ran out, 'max-epochs' when the cap came first. */
  stoppedBy: 'plateau' | 'max-epochs';
  history: ValidationPoint[];
}

export interface PlateauResult extends TrainResult {
  earlyStopping: EarlyStoppingRecord;
}

/**
 * Trains `model` in place on `train`, selecting the epoch by its score on `validation`; on return the model holds
 * the best epoch's weights (batch-norm statistics included).
 * @throws InvalidArgumentError for bad plateau options; what trainModel and robustAccuracy throw.
 */
export async function trainToPlateau(
  model: tfl.LayersModel,
  train: Dataset,
  validation: Dataset,
  options: Omit<TrainOptions, 'epochs' | 'onEpochEnd'> & {
    plateau: PlateauOptions;
    /** Called with each epoch's validation scores as they are measured. */
    onValidation?: (point: ValidationPoint) => void;
  },
): Promise<PlateauResult> {
  const { plateau, onValidation, ...trainOptions } = options;
  const settings = resolvePlateau(plateau, validation);
  const adversarial = (trainOptions.adversarial?.eps ?? 0) > 0 ? trainOptions.adversarial : undefined;
  const warmup = adversarial ? (adversarial.warmupEpochs ?? 0) : 0;
  const history: ValidationPoint[] = [];
  let best: { epoch: number; score: number; weights: tf.Tensor[] } | undefined;
  let stoppedBy: EarlyStoppingRecord['stoppedBy'] = 'max-epochs';
  try {
    const trained = await trainModel(model, train, {
      ...trainOptions,
      epochs: settings.maxEpochs,
      onEpochEnd: async ({ epoch }) => {
        const point = await validate(model, validation, epoch, adversarial, settings, trainOptions.signal);
        history.push(point);
        onValidation?.(point);
        if (epoch <= warmup) return undefined;
        if (!best || point.score > best.score + settings.minDelta) {
          tf.dispose(best?.weights ?? []);
          best = { epoch, score: point.score, weights: model.getWeights().map((w) => w.clone()) };
          return undefined;
        }
        if (epoch - best.epoch >= settings.patience) {
          stoppedBy = 'plateau';
          return 'stop';
        }
        return undefined;
      },
    });
    // With maxEpochs <= warmup no epoch qualified: keep the last one.
    const kept = best ?? { epoch: trained.history.length, score: history.at(-1)?.score ?? Number.NaN };
    if (best) model.setWeights(best.weights);
    return {
      ...trained,
      earlyStopping: {
        score: adversarial ? 'robust-accuracy' : 'clean-accuracy',
        maxEpochs: settings.maxEpochs,
        patience: settings.patience,
        minDelta: settings.minDelta,
        attackSteps: adversarial ? settings.attackSteps : 0,
        validationCount: settings.limit,
        epochsRun: trained.history.length,
        bestEpoch: kept.epoch,
        bestScore: kept.score,
        stoppedBy,
        history,
      },
    };
  } finally {
    tf.dispose(best?.weights ?? []);
  }
}

async function validate(
  model: tfl.LayersModel,
  validation: Dataset,
  epoch: number,
  adversarial: TrainOptions['adversarial'],
  settings: Required<PlateauOptions>,
  signal: AbortSignal | undefined,
): Promise<ValidationPoint> {
  const evaluated = await robustAccuracy(model, validation, {
    norm: adversarial?.norm ?? 'l2',
    epsList: [adversarial?.eps ?? 0],
    steps: adversarial ? settings.attackSteps : 1,
    limit: settings.limit,
    signal,
  });
  const cleanAccuracy = evaluated.cleanAccuracy;
  if (!adversarial) return { epoch, cleanAccuracy, score: cleanAccuracy };
  const robust = evaluated.points[0]!.accuracy;
  return { epoch, cleanAccuracy, robustAccuracy: robust, score: robust };
}

function resolvePlateau(options: PlateauOptions, validation: Dataset): Required<PlateauOptions> {
  const { maxEpochs, patience = 3, minDelta = 0.002, attackSteps = 10, limit = validation.count } = options;
  const integer = (name: string, v: number, min: number, max = Number.POSITIVE_INFINITY) => {
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new InvalidArgumentError(`${name} ${v} must be an integer in [${min}, ${max}]`);
    }
  };
  integer('maxEpochs', maxEpochs, 1);
  integer('patience', patience, 1);
  integer('attackSteps', attackSteps, 1);
  integer('validation limit', limit, 1, validation.count);
  if (!(minDelta >= 0)) throw new InvalidArgumentError(`minDelta ${minDelta} must be >= 0, e.g. 0.002`);
  return { maxEpochs, patience, minDelta, attackSteps, limit };
}
