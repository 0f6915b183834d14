/**
 * `model-card.json`: everything that produced a trained model (SPEC §7), stored beside `model.json` and
 * `weights.bin`. The card is the model's provenance: the weights hash ties it to the bytes, the dataset hashes
 * to the data, and the training and evaluation parameters to the robustness it claims.
 */
import type { ImageShape } from '../data/validate.js';
import { CheckpointInvalidError } from '../errors.js';
import type { AttackNorm } from '../train/pgd.js';
import type { EarlyStoppingRecord } from '../train/train-to-plateau.js';

export const MODEL_CARD_SCHEMA = 'simlab/model-card@1';

export interface DatasetRef {
  name: string;
  /** `Dataset.hash` of the exact images used (after any subsetting). */
  hash: string;
  count: number;
}

export interface ModelCard {
  schema: typeof MODEL_CARD_SCHEMA;
  /** Registry id, e.g. 'resnet'. */
  architectureId: string;
  inputShape: ImageShape;
  classes: number;
  /** countParameters(model): all weights, batch-norm statistics included. */
  parameterCount: number;
  /** Hex SHA-256 of weights.bin. */
  weightsHash: string;
  /**
   * Seed of weight initialisation and of the training shuffles. Zoo v2 gives every model its own (SPEC §6): models
   * that differ only in eps or replicate never share initial weights.
   */
  seed: number;
  /** Which independent training run of the same architecture, dataset and eps this is (1, 2, ...). */
  replicate?: number;
  training: {
    dataset: DatasetRef;
    /** Threat model of adversarial training; eps 0 is standard training. */
    norm: AttackNorm;
    eps: number;
    epochs: number;
    batchSize: number;
    learningRate: number;
    /** The inner PGD of adversarial training (ignored at eps 0). */
    attack: { steps: number; stepSize: number; randomStart: boolean };
    /** Epochs of linear eps ramp-up at the start of adversarial training (absent on older cards: 0). */
    warmupEpochs?: number;
    /** The held-out split of the training set that early stopping scored (absent: no early stopping). */
    validation?: DatasetRef;
    earlyStopping?: EarlyStoppingRecord;
  };
  evaluation: {
    dataset: DatasetRef;
    cleanAccuracy: number;
    /** Accuracy under `attack`, run at the training eps (equals cleanAccuracy for eps 0). */
    robustAccuracy: number;
    /**
     * Accuracy on the common grid every zoo model is measured on (SPEC §6), clean (eps 0) first, each under
     * `gridAttack` at its eps; absent on cards older than zoo v2.
     */
    robustnessGrid?: { eps: number; accuracy: number }[];
    /** The grid's attack: norm, PGD steps, restarts; step size 2.5 * eps / steps at each eps. */
    gridAttack?: { norm: AttackNorm; steps: number; restarts: number; randomStart: boolean };
    attack: {
      norm: AttackNorm;
      eps: number;
      steps: number;
      stepSize: number;
      restarts: number;
      randomStart: boolean;
    };
  };
  /** TF.js backend that trained the model, e.g. 'wasm'. */
  backend: string;
  codeVersion: string;
  timings: { trainSeconds: number; evaluateSeconds: number };
  /** ISO 8601 time of saving. */
  createdAt: string;
}

type Kind = 'string' | 'number' | 'boolean' | 'norm' | 'shape';

/** Every field of the card and its kind, by dotted path: the parser checks them all. */
const FIELDS: Record<string, Kind> = {
  schema: 'string',
  architectureId: 'string',
  inputShape: 'shape',
  classes: 'number',
  parameterCount: 'number',
  weightsHash: 'string',
  seed: 'number',
  'training.dataset.name': 'string',
  'training.dataset.hash': 'string',
  'training.dataset.count': 'number',
  'training.norm': 'norm',
  'training.eps': 'number',
  'training.epochs': 'number',
  'training.batchSize': 'number',
  'training.learningRate': 'number',
  'training.attack.steps': 'number',
  'training.attack.stepSize': 'number',
  'training.attack.randomStart': 'boolean',
  'evaluation.dataset.name': 'string',
  'evaluation.dataset.hash': 'string',
  'evaluation.dataset.count': 'number',
  'evaluation.cleanAccuracy': 'number',
  'evaluation.robustAccuracy': 'number',
  'evaluation.attack.norm': 'norm',
  'evaluation.attack.eps': 'number',
  'evaluation.attack.steps': 'number',
  'evaluation.attack.stepSize': 'number',
  'evaluation.attack.restarts': 'number',
  'evaluation.attack.randomStart': 'boolean',
  backend: 'string',
  codeVersion: 'string',
  'timings.trainSeconds': 'number',
  'timings.evaluateSeconds': 'number',
  createdAt: 'string',
};

/** Fields that older cards lack: checked only when present. */
const OPTIONAL_FIELDS: Record<string, Kind> = {
  replicate: 'number',
  'training.validation.name': 'string',
  'training.validation.hash': 'string',
  'training.validation.count': 'number',
  'training.earlyStopping.bestEpoch': 'number',
  'training.earlyStopping.epochsRun': 'number',
  'evaluation.gridAttack.norm': 'norm',
  'evaluation.gridAttack.steps': 'number',
};

/**
 * Checks that `value` (parsed JSON) has every field of a ModelCard with the right kind.
 * @throws CheckpointInvalidError naming the first missing or ill-typed field and the value found.
 */
export function parseModelCard(value: unknown, where = 'model-card.json'): ModelCard {
  const lookup = (path: string) =>
    path.split('.').reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), value);
  const parentPresent = (path: string) => lookup(path.split('.').slice(0, -1).join('.')) !== undefined;
  const checks = [
    ...Object.entries(FIELDS),
    ...Object.entries(OPTIONAL_FIELDS).filter(([path]) =>
      path.includes('.') ? parentPresent(path) : lookup(path) !== undefined,
    ),
  ];
  for (const [path, kind] of checks) {
    const found = lookup(path);
    if (!hasKind(found, kind)) {
      throw new CheckpointInvalidError(
        `${where}: field ${path} must be ${describe(kind)}, found ${JSON.stringify(found) ?? 'nothing'}; ` +
          'the card is corrupt or from another tool: save the model again',
      );
    }
  }
  const card = value as ModelCard;
  const grid = card.evaluation.robustnessGrid;
  if (
    grid !== undefined &&
    !(Array.isArray(grid) && grid.every((p) => hasKind(p?.eps, 'number') && hasKind(p?.accuracy, 'number')))
  ) {
    throw new CheckpointInvalidError(
      `${where}: evaluation.robustnessGrid must be a list of { eps, accuracy } numbers, found ` +
        `${JSON.stringify(grid)}; the card is corrupt: save the model again`,
    );
  }
  if (card.schema !== MODEL_CARD_SCHEMA) {
    throw new CheckpointInvalidError(
      `${where}: schema ${JSON.stringify(card.schema)} is not ${MODEL_CARD_SCHEMA}`,
    );
  }
  return card;
}

function isRecord(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null;
}

function hasKind(found: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'number':
      return typeof found === 'number' && Number.isFinite(found);
    case 'norm':
      return found === 'l2' || found === 'linf';
    case 'shape':
      return Array.isArray(found) && found.length === 3 && found.every((d) => Number.isInteger(d) && d > 0);
    default:
      return typeof found === kind;
  }
}

function describe(kind: Kind): string {
  if (kind === 'norm') return '"l2" or "linf"';
  if (kind === 'shape') return '[height, width, channels] of positive integers';
  return `a ${kind === 'number' ? 'finite number' : kind}`;
}
