/**
 * Trains the zoo (zoo-plan.ts) reproducibly into a directory: one checkpoint folder per model with its model
 * card, and `index.json` listing them with their accuracies. Finished models are kept, so an interrupted run
 * resumes with the next model.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentBackend } from '../backend.js';
import { type Dataset, subsetDataset } from '../data/dataset.js';
import { loadMnist } from '../data/mnist.js';
import { throwIfAborted } from '../errors.js';
import { CARD_FILE, saveCheckpoint } from '../models/checkpoint.js';
import { type ModelCard, parseModelCard } from '../models/model-card.js';
import { getArchitecture } from '../models/registry.js';
import { codeVersion } from '../provenance.js';
import { robustAccuracy } from '../train/robust-accuracy.js';
import { type TrainProgress, trainModel } from '../train/train-model.js';
import { ZOO_SETTINGS, type ZooEntry, type ZooTrainingSettings } from './zoo-plan.js';

export interface TrainZooOptions {
  outDir: string;
  plan: readonly ZooEntry[];
  settings?: Partial<ZooTrainingSettings>;
  /** Retrain models whose folder already holds a card. Default false. */
  force?: boolean;
  onModelStart?: (entry: ZooEntry, index: number) => void;
  onProgress?: (entry: ZooEntry, progress: TrainProgress) => void;
  onModelDone?: (entry: ZooEntry, card: ModelCard, reused: boolean) => void;
  signal?: AbortSignal;
}

export interface ZooIndexEntry {
  id: string;
  dir: string;
  architectureId: string;
  norm: string;
  eps: number;
  parameterCount: number;
  cleanAccuracy: number;
  robustAccuracy: number;
  weightsHash: string;
  trainSeconds: number;
}

export async function trainZoo(options: TrainZooOptions): Promise<ZooIndexEntry[]> {
  const settings = { ...ZOO_SETTINGS, ...options.settings };
  const mnist = loadMnist();
  const indices = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
  const train = subsetDataset(mnist, indices(0, settings.trainCount), 'mnist-train');
  const evaluate = subsetDataset(mnist, indices(settings.trainCount, mnist.count), 'mnist-heldout');
  const index: ZooIndexEntry[] = [];
  for (const [i, entry] of options.plan.entries()) {
    throwIfAborted(options.signal, 'zoo training');
    options.onModelStart?.(entry, i);
    const dir = join(options.outDir, entry.id);
    const existing = options.force ? undefined : await readCard(dir);
    const card = existing ?? (await trainOne(entry, dir, train, evaluate, settings, options));
    options.onModelDone?.(entry, card, existing !== undefined);
    index.push(indexEntry(entry, card));
  }
  await writeFile(join(options.outDir, 'index.json'), `${JSON.stringify({ models: index }, null, 2)}\n`);
  return index;
}

async function trainOne(
  entry: ZooEntry,
  dir: string,
  train: Dataset,
  evaluate: Dataset,
  settings: ZooTrainingSettings,
  options: TrainZooOptions,
): Promise<ModelCard> {
  const model = getArchitecture(entry.architectureId).build(
    train.imageShape,
    train.classNames.length,
    settings.seed,
  );
  try {
    const adversarial =
      entry.eps > 0
        ? {
            norm: entry.norm,
            eps: entry.eps,
            steps: settings.attackSteps,
            warmupEpochs: settings.warmupEpochs,
          }
        : undefined;
    const trained = await trainModel(model, train, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      seed: settings.seed,
      adversarial,
      signal: options.signal,
      onProgress: (p) => options.onProgress?.(entry, p),
    });
    const evaluated = await robustAccuracy(model, evaluate, {
      norm: entry.norm,
      epsList: [entry.eps],
      steps: settings.evaluateSteps,
      limit: Math.min(settings.evaluateCount, evaluate.count),
      signal: options.signal,
    });
    const point = evaluated.points[0]!;
    const ref = (ds: Dataset, count = ds.count) => ({ name: ds.name, hash: ds.hash, count });
    return await saveCheckpoint(dir, model, {
      architectureId: entry.architectureId,
      seed: settings.seed,
      training: {
        dataset: ref(train),
        norm: entry.norm,
        eps: entry.eps,
        epochs: trained.params.epochs,
        batchSize: trained.params.batchSize,
        learningRate: trained.params.learningRate,
        attack: trained.params.attack,
        warmupEpochs: trained.params.warmupEpochs,
      },
      evaluation: {
        dataset: ref(evaluate, evaluated.count),
        cleanAccuracy: evaluated.cleanAccuracy,
        robustAccuracy: point.accuracy,
        attack: point.attack,
      },
      backend: (await currentBackend()).name,
      codeVersion: codeVersion(),
      timings: { trainSeconds: trained.seconds, evaluateSeconds: evaluated.seconds },
      createdAt: new Date().toISOString(),
    });
  } finally {
    model.dispose();
  }
}

async function readCard(dir: string): Promise<ModelCard | undefined> {
  const path = join(dir, CARD_FILE);
  if (!(await stat(path).catch(() => undefined))) return undefined;
  return parseModelCard(JSON.parse(await readFile(path, 'utf8')), path);
}

function indexEntry(entry: ZooEntry, card: ModelCard): ZooIndexEntry {
  return {
    id: entry.id,
    dir: entry.id,
    architectureId: card.architectureId,
    norm: card.training.norm,
    eps: card.training.eps,
    parameterCount: card.parameterCount,
    cleanAccuracy: card.evaluation.cleanAccuracy,
    robustAccuracy: card.evaluation.robustAccuracy,
    weightsHash: card.weightsHash,
    trainSeconds: card.timings.trainSeconds,
  };
}
