/**
 * Trains a zoo (zoo-plan.ts) reproducibly into a directory: one checkpoint folder per model with its model card,
 * and `index.json` listing the finished ones with their accuracies.
 *
 * Resumable and shareable: a finished model (its card exists) is kept, and a model being trained is claimed with
 * a `<id>.lock` file holding the trainer's pid, so several processes can work through one plan together (each
 * takes the next unclaimed model) and a claim left by a dead process is taken over.
 */
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentBackend } from '../backend.js';
import type { Dataset } from '../data/dataset.js';
import { throwIfAborted } from '../errors.js';
import { CARD_FILE, saveCheckpoint } from '../models/checkpoint.js';
import { type ModelCard, parseModelCard } from '../models/model-card.js';
import { getArchitecture } from '../models/registry.js';
import { codeVersion } from '../provenance.js';
import { robustAccuracy } from '../train/robust-accuracy.js';
import type { TrainProgress } from '../train/train-model.js';
import { trainToPlateau, type ValidationPoint } from '../train/train-to-plateau.js';
import { loadZooData, type ZooData } from './zoo-data.js';
import type { ZooEntry, ZooRecipe, ZooTrainingSettings } from './zoo-plan.js';

export interface TrainZooOptions {
  outDir: string;
  recipe: ZooRecipe;
  plan: readonly ZooEntry[];
  settings?: Partial<ZooTrainingSettings>;
  /** Retrain models whose folder already holds a card. Default false. */
  force?: boolean;
  /** Where Fashion-MNIST's IDX files are; default Debian's directory. */
  fashionDir?: string;
  /** Data to use instead of the recipe's (tests train on tiny subsets). */
  data?: ZooData;
  onModelStart?: (entry: ZooEntry, index: number) => void;
  onProgress?: (entry: ZooEntry, progress: TrainProgress) => void;
  onValidation?: (entry: ZooEntry, point: ValidationPoint) => void;
  /** `reused`: the card was there already; `claimed`: another live process is training it. */
  onModelDone?: (entry: ZooEntry, outcome: { card?: ModelCard; reused: boolean; claimed: boolean }) => void;
  signal?: AbortSignal;
}

export interface ZooIndexEntry {
  id: string;
  dir: string;
  dataset: string;
  architectureId: string;
  norm: string;
  eps: number;
  replicate: number;
  seed: number;
  parameterCount: number;
  cleanAccuracy: number;
  /** Accuracy under PGD at the model's own training eps (clean for eps 0). */
  robustAccuracy: number;
  robustnessGrid: { eps: number; accuracy: number }[];
  epochsRun: number;
  bestEpoch: number;
  weightsHash: string;
  trainSeconds: number;
}

/** Trains what is left of `plan` and returns the index of every finished model of the plan. */
export async function trainZoo(options: TrainZooOptions): Promise<ZooIndexEntry[]> {
  const settings = { ...options.recipe.settings, ...options.settings };
  const data = options.data ?? (await loadZooData(options.recipe, options.fashionDir));
  for (const [i, entry] of options.plan.entries()) {
    throwIfAborted(options.signal, 'zoo training');
    const dir = join(options.outDir, entry.id);
    const existing = options.force ? undefined : await readCard(dir);
    if (existing) {
      options.onModelDone?.(entry, { card: existing, reused: true, claimed: false });
      continue;
    }
    const release = await claim(`${dir}.lock`);
    if (!release) {
      options.onModelDone?.(entry, { reused: false, claimed: true });
      continue;
    }
    try {
      options.onModelStart?.(entry, i);
      const card = await trainOne(entry, dir, data, settings, options);
      options.onModelDone?.(entry, { card, reused: false, claimed: false });
      await writeZooIndex(options.outDir, options.plan);
    } finally {
      await release();
    }
  }
  return writeZooIndex(options.outDir, options.plan);
}

async function trainOne(
  entry: ZooEntry,
  dir: string,
  data: ZooData,
  settings: ZooTrainingSettings,
  options: TrainZooOptions,
): Promise<ModelCard> {
  const { train, validation, evaluation } = data;
  const model = getArchitecture(entry.architectureId).build(
    train.imageShape,
    train.classNames.length,
    entry.seed,
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
    const trained = await trainToPlateau(model, train, validation, {
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      seed: entry.seed,
      adversarial,
      signal: options.signal,
      onProgress: (p) => options.onProgress?.(entry, p),
      onValidation: (point) => options.onValidation?.(entry, point),
      plateau: {
        maxEpochs: settings.maxEpochs,
        patience: settings.patience,
        attackSteps: settings.validationAttackSteps,
      },
    });
    const grid = await robustAccuracy(model, evaluation, {
      norm: entry.norm,
      epsList: [...new Set([...settings.evaluateGrid, ...(entry.eps > 0 ? [entry.eps] : [])])],
      steps: settings.evaluateSteps,
      limit: Math.min(settings.evaluateCount, evaluation.count),
      signal: options.signal,
    });
    const own = grid.points.find((p) => p.eps === entry.eps);
    const ref = (ds: Dataset, count = ds.count) => ({ name: ds.name, hash: ds.hash, count });
    return await saveCheckpoint(dir, model, {
      architectureId: entry.architectureId,
      seed: entry.seed,
      replicate: entry.replicate,
      training: {
        dataset: ref(train),
        norm: entry.norm,
        eps: entry.eps,
        epochs: trained.history.length,
        batchSize: trained.params.batchSize,
        learningRate: trained.params.learningRate,
        attack: trained.params.attack,
        warmupEpochs: trained.params.warmupEpochs,
        validation: ref(validation),
        earlyStopping: trained.earlyStopping,
      },
      evaluation: {
        dataset: ref(evaluation, grid.count),
        cleanAccuracy: grid.cleanAccuracy,
        robustAccuracy: own?.accuracy ?? grid.cleanAccuracy,
        attack: own?.attack ?? {
          norm: entry.norm,
          eps: 0,
          steps: settings.evaluateSteps,
          stepSize: 0,
          restarts: 1,
          randomStart: false,
        },
        robustnessGrid: [
          { eps: 0, accuracy: grid.cleanAccuracy },
          ...grid.points
            .filter((p) => settings.evaluateGrid.includes(p.eps))
            .map((p) => ({ eps: p.eps, accuracy: p.accuracy })),
        ],
        gridAttack: { norm: entry.norm, steps: settings.evaluateSteps, restarts: 1, randomStart: false },
      },
      backend: (await currentBackend()).name,
      codeVersion: codeVersion(),
      timings: { trainSeconds: trained.seconds, evaluateSeconds: grid.seconds },
      createdAt: new Date().toISOString(),
    });
  } finally {
    model.dispose();
  }
}

/**
 * Takes `lockPath` for this process; undefined when a live process holds it. A lock whose pid is gone (a killed
 * trainer) is taken over.
 */
async function claim(lockPath: string): Promise<(() => Promise<void>) | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) return undefined;
      await rm(lockPath, { force: true });
    }
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readCard(dir: string): Promise<ModelCard | undefined> {
  const path = join(dir, CARD_FILE);
  if (!(await stat(path).catch(() => undefined))) return undefined;
  return parseModelCard(JSON.parse(await readFile(path, 'utf8')), path);
}

/** Rewrites `index.json` (atomically) with every model of the plan that has a card, in plan order. */
export async function writeZooIndex(outDir: string, plan: readonly ZooEntry[]): Promise<ZooIndexEntry[]> {
  const index: ZooIndexEntry[] = [];
  for (const entry of plan) {
    const card = await readCard(join(outDir, entry.id));
    if (card) index.push(indexEntry(entry, card));
  }
  const tmp = join(outDir, `index.json.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify({ models: index }, null, 2)}\n`);
  await rename(tmp, join(outDir, 'index.json'));
  return index;
}

function indexEntry(entry: ZooEntry, card: ModelCard): ZooIndexEntry {
  const stopping = card.training.earlyStopping;
  return {
    id: entry.id,
    dir: entry.id,
    dataset: entry.dataset,
    architectureId: card.architectureId,
    norm: card.training.norm,
    eps: card.training.eps,
    replicate: card.replicate ?? entry.replicate,
    seed: card.seed,
    parameterCount: card.parameterCount,
    cleanAccuracy: card.evaluation.cleanAccuracy,
    robustAccuracy: card.evaluation.robustAccuracy,
    robustnessGrid: card.evaluation.robustnessGrid ?? [],
    epochsRun: stopping?.epochsRun ?? card.training.epochs,
    bestEpoch: stopping?.bestEpoch ?? card.training.epochs,
    weightsHash: card.weightsHash,
    trainSeconds: card.timings.trainSeconds,
  };
}
