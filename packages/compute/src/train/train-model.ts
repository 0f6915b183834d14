/**
 * Standard and adversarial training (Madry et al. 2018) of a tfjs-layers classifier with Adam, one custom step per
 * minibatch (model.fit cannot run an attack inside its loop).
 *
 * Adversarial training: each batch is replaced by its PGD examples (pgd.ts) and the model is trained on those
 * only, as in Madry et al. and MadryLab robustness. eps 0 (or no `adversarial` option) is standard training.
 *
 * Modes: the training step calls the model with `training: true` (batch norm uses batch statistics and updates
 * its running mean and variance); the inner PGD attack runs in inference mode, as robustness does
 * (`AttackerModel.forward` calls `self.eval()` around the attack and restores train mode afterwards), so
 * crafting the examples does not move the running statistics.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type Dataset, imagesTensor, labelsTensor } from '../data/dataset.js';
import { InvalidArgumentError, NonFiniteError, ShapeMismatchError, throwIfAborted } from '../errors.js';
import { createRng } from '../random.js';
import { shuffledBatches } from './batches.js';
import { correctCount, perSampleCrossEntropy } from './loss.js';
import { type AttackNorm, pgdAttack, resolvePgdParams } from './pgd.js';

export interface AdversarialOptions {
  norm: AttackNorm;
  /** 0 means standard training. */
  eps: number;
  /** PGD steps per batch. Default 7 (Madry et al.'s CIFAR setting). */
  steps?: number;
  /** Default 2.5 * eps / steps. */
  stepSize?: number;
  /** Default false. */
  randomStart?: boolean;
  /**
   * Epochs over which eps (and the attack step size with it) ramps linearly from 0 to its value, by step.
   * Default 0. Small-capacity models (the MLP-Mixer above all) fail to learn at all when attacked at full
   * eps from the first step; a ramp is the usual remedy in MNIST adversarial training.
   */
  warmupEpochs?: number;
}

export interface TrainProgress {
  epoch: number;
  /** Step within the epoch, 1-based. */
  step: number;
  /** Steps per epoch. */
  steps: number;
  /** Mean training loss over the epoch so far (on adversarial examples when training adversarially). */
  loss: number;
  /** Training accuracy over the epoch so far, on the examples trained on. */
  accuracy: number;
  /** Images trained on per second over the epoch so far, attack included. */
  imagesPerSecond: number;
  /** Radius of this step's training attack: ramps up during the warm-up epochs, 0 in standard training. */
  eps: number;
}

export interface TrainOptions {
  epochs: number;
  /** Default 64. */
  batchSize?: number;
  /** Adam learning rate. Default 1e-3. */
  learningRate?: number;
  /** Seed of the shuffles and of the attack's random starts. Default 0. */
  seed?: number;
  adversarial?: AdversarialOptions;
  onProgress?: (progress: TrainProgress) => void;
  /** Called after every `checkpointEvery`-th step (counted over all epochs) and awaited. */
  onCheckpoint?: (at: { epoch: number; globalStep: number }) => void | Promise<void>;
  checkpointEvery?: number;
  /**
   * Called after every epoch with its history entry and awaited; returning 'stop' ends training there (early
   * stopping, see train-to-plateau.ts). `epochs` is then the most epochs that may run.
   */
  onEpochEnd?: (epoch: TrainResult['history'][number]) => 'stop' | undefined | Promise<'stop' | undefined>;
  /** Checked between steps; the model keeps the updates made so far. */
  signal?: AbortSignal;
}

/** What a training run did, defaults resolved, for the model card. */
export interface TrainResult {
  params: {
    /** Epochs asked for (the most that may run); `history.length` says how many ran. */
    epochs: number;
    batchSize: number;
    learningRate: number;
    seed: number;
    norm: AttackNorm;
    eps: number;
    attack: { steps: number; stepSize: number; randomStart: boolean };
    /** See AdversarialOptions.warmupEpochs. */
    warmupEpochs: number;
  };
  /** Per epoch: mean loss, accuracy and throughput on the examples trained on. */
  history: { epoch: number; loss: number; accuracy: number; imagesPerSecond: number }[];
  seconds: number;
}

/**
 * Trains `model` in place on `dataset` and returns what it did.
 * @throws InvalidArgumentError for bad options; ShapeMismatchError when the dataset's image shape is not the
 *   model's input shape; NonFiniteError when the loss diverges; CancelledError when `signal` fires (between
 *   steps, or inside the attack).
 */
export async function trainModel(
  model: tfl.LayersModel,
  dataset: Dataset,
  options: TrainOptions,
): Promise<TrainResult> {
  const params = resolveTrainParams(model, dataset, options);
  const optimizer = tf.train.adam(params.learningRate);
  const rng = createRng(params.seed);
  const history: TrainResult['history'] = [];
  const started = performance.now();
  let globalStep = 0;
  const warmupSteps = params.warmupEpochs * Math.ceil(dataset.count / params.batchSize);
  try {
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      const batches = shuffledBatches(dataset.count, params.batchSize, rng);
      const epochStart = performance.now();
      let [lossSum, correct, seen] = [0, 0, 0];
      for (const [i, indices] of batches.entries()) {
        throwIfAborted(options.signal, 'training');
        const x = imagesTensor(dataset, indices);
        const y = labelsTensor(dataset, indices);
        const attackSeed = rng.nextUint32();
        let examples: tf.Tensor4D = x;
        let step: { loss: number; hits: number };
        const ramp = warmupSteps > 0 ? Math.min(1, (globalStep + 1) / warmupSteps) : 1;
        try {
          if (params.eps > 0) {
            const attack = {
              ...params.attack,
              stepSize: params.attack.stepSize * ramp,
              norm: params.norm,
              eps: params.eps * ramp,
            };
            examples = await pgdAttack(model, x, y, { ...attack, seed: attackSeed, signal: options.signal });
          }
          step = trainStep(model, optimizer, examples, y);
        } finally {
          tf.dispose([x, y, examples]);
        }
        const { loss, hits } = step;
        if (!Number.isFinite(loss)) {
          throw new NonFiniteError(
            `training loss is ${loss} at epoch ${epoch}, step ${i + 1}: lower the learning rate (${params.learningRate})`,
          );
        }
        lossSum += loss * indices.length;
        correct += hits;
        seen += indices.length;
        globalStep++;
        const imagesPerSecond = seen / ((performance.now() - epochStart) / 1000);
        options.onProgress?.({
          epoch,
          step: i + 1,
          steps: batches.length,
          loss: lossSum / seen,
          accuracy: correct / seen,
          imagesPerSecond,
          eps: params.eps * ramp,
        });
        if (options.checkpointEvery && options.onCheckpoint && globalStep % options.checkpointEvery === 0) {
          await options.onCheckpoint({ epoch, globalStep });
        }
        // Let timers and I/O run (an abort requested from a timer or a socket lands here).
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const entry = {
        epoch,
        loss: lossSum / seen,
        accuracy: correct / seen,
        imagesPerSecond: seen / ((performance.now() - epochStart) / 1000),
      };
      history.push(entry);
      if ((await options.onEpochEnd?.(entry)) === 'stop') break;
    }
  } finally {
    optimizer.dispose();
  }
  return { params, history, seconds: (performance.now() - started) / 1000 };
}

/** One Adam step on `examples` (clean or adversarial) with training-mode forward. */
function trainStep(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  examples: tf.Tensor4D,
  y: tf.Tensor1D,
): { loss: number; hits: number } {
  let hitsTensor: tf.Scalar | undefined;
  // An explicit variable list: by default minimize() differentiates every trainable variable in the process.
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const lossTensor = optimizer.minimize(
    () => {
      const logits = model.apply(examples, { training: true }) as tf.Tensor;
      hitsTensor = tf.keep(correctCount(logits, y));
      return tf.mean(perSampleCrossEntropy(logits, y)) as tf.Scalar;
    },
    true,
    variables,
  );
  const loss = lossTensor!.dataSync()[0]!;
  const hits = hitsTensor!.dataSync()[0]!;
  tf.dispose([lossTensor!, hitsTensor!]);
  return { loss, hits };
}

function resolveTrainParams(
  model: tfl.LayersModel,
  dataset: Dataset,
  options: TrainOptions,
): TrainResult['params'] {
  const inputShape = model.inputs[0]?.shape.slice(1);
  if (JSON.stringify(inputShape) !== JSON.stringify(dataset.imageShape)) {
    throw new ShapeMismatchError(
      `model ${model.name} takes images ${JSON.stringify(inputShape)} but dataset ${dataset.name} holds ` +
        `${JSON.stringify(dataset.imageShape)}; build the model for the dataset's image shape`,
    );
  }
  const { epochs, batchSize = 64, learningRate = 1e-3, seed = 0 } = options;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new InvalidArgumentError(`epochs ${epochs} must be an integer >= 1`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError(`batchSize ${batchSize} must be an integer >= 1`);
  }
  if (!(learningRate > 0)) throw new InvalidArgumentError(`learningRate ${learningRate} must be > 0`);
  if (
    options.checkpointEvery !== undefined &&
    !(Number.isInteger(options.checkpointEvery) && options.checkpointEvery >= 1)
  ) {
    throw new InvalidArgumentError(`checkpointEvery ${options.checkpointEvery} must be an integer >= 1`);
  }
  const adversarial = options.adversarial ?? { norm: 'linf', eps: 0 };
  const steps = adversarial.steps ?? 7;
  const attack = resolvePgdParams({ ...adversarial, steps });
  const warmupEpochs = adversarial.warmupEpochs ?? 0;
  if (!(warmupEpochs >= 0 && warmupEpochs <= epochs)) {
    throw new InvalidArgumentError(`warmupEpochs ${warmupEpochs} must be in [0, epochs = ${epochs}]`);
  }
  return {
    epochs,
    batchSize,
    learningRate,
    seed,
    norm: attack.norm,
    eps: attack.eps,
    attack: { steps, stepSize: attack.stepSize, randomStart: attack.randomStart },
    warmupEpochs,
  };
}
