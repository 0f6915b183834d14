/**
 * The models of a study: zoo checkpoint directories, imported ONNX models (a `.onnx` file or a directory holding
 * `model.onnx`, docs/onnx.md) or in-memory models, loaded, and described by what the trend needs (architecture,
 * training eps and norm, measured robustness) and what provenance needs (weights hash, the model's metadata).
 * `readZoo` lists a zoo directory: `index.json` when present, else every sub-folder holding a model card.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { DataFormatError, InvalidArgumentError, NotFoundError } from '../errors.js';
import { CARD_FILE, MODEL_FILE } from '../models/checkpoint.js';
import { type ClassifierMetadata, isClassifierModel, type ModelLike } from '../models/classifier.js';
import { loadClassifier, loadModelDir } from '../models/load-model-dir.js';
import { type ModelCard, parseModelCard } from '../models/model-card.js';
import { countParameters } from '../models/registry.js';
import { serializeModel } from '../models/serialize.js';
import { shippedZooDir } from '../zoo/zoo-plan.js';
import type { TrendModel } from './trend.js';

/**
 * The default zoo: the shipped MNIST zoo v2, packages/compute/zoo/mnist (its index.json lists the models trained
 * so far). The Fashion-MNIST zoo is shippedZooDir('fashion-mnist').
 */
export const DEFAULT_ZOO_DIR = shippedZooDir('mnist');

/**
 * One model of a study: a `dir` (a TF.js checkpoint directory, a `.onnx` file or a directory holding
 * `model.onnx`) or a `model`; the card fills in what is left out. An imported model has no card: give its eps
 * (and norm); its architecture defaults to its own name (metadata.name), as the user named it.
 */
export interface StudyModelSpec extends Partial<Omit<TrendModel, 'id'>> {
  id: string;
  dir?: string;
  model?: ModelLike;
  /** Hex SHA-256 of the weights; computed from `model` when missing. */
  weightsHash?: string;
  /** The checkpoint's model card, when `readZoo` read one. */
  card?: ModelCard;
}

export interface StudyModel extends TrendModel {
  model: ModelLike;
  weightsHash: string;
  dir?: string;
  card?: ModelCard;
  /** What the model is: format, parameters, input shape, classes (an imported model's own metadata). */
  metadata: Omit<ClassifierMetadata, 'weightsHash' | 'representationLayer'>;
}

/**
 * Loads every spec (checkpoints are verified against their cards, see loadCheckpoint).
 * @throws InvalidArgumentError for a spec with neither dir nor model, or without eps/norm and no card to read
 *   them from (an imported model: give them); what loadModelDir and loadClassifier throw.
 */
export async function loadStudyModels(specs: readonly StudyModelSpec[]): Promise<StudyModel[]> {
  const loaded: StudyModel[] = [];
  for (const spec of specs) {
    if (!spec.dir && !spec.model) {
      throw new InvalidArgumentError(`study model ${spec.id} has neither dir nor model; give one`);
    }
    const fromDir = spec.model ? undefined : await loadStudyModel(spec.dir!);
    const model = spec.model ?? fromDir!.model;
    const card = fromDir?.card ?? spec.card;
    const metadata = describeModel(model);
    const weightsHash =
      spec.weightsHash ??
      fromDir?.weightsHash ??
      (isClassifierModel(model) ? model.metadata.weightsHash : (await serializeModel(model)).weightsHash);
    const architecture = spec.architecture ?? card?.architectureId ?? metadata.name;
    const eps = spec.eps ?? card?.training.eps;
    const norm = spec.norm ?? card?.training.norm ?? (eps === 0 ? 'l2' : undefined);
    if (eps === undefined || norm === undefined) {
      throw new InvalidArgumentError(
        `study model ${spec.id}: its training eps${eps === 0 ? '' : ' and norm'} are needed for the trend; ` +
          'give them (an imported model has no model card to read them from)',
      );
    }
    loaded.push({
      id: spec.id,
      architecture,
      eps,
      norm,
      model,
      weightsHash,
      dir: spec.dir,
      card,
      metadata,
    });
  }
  return loaded;
}

/**
 * A model from its path, in the form the study uses everywhere (main thread and inversion workers alike): a
 * TF.js directory as its LayersModel (and card), an ONNX file or a directory holding model.onnx as a
 * ClassifierModel.
 * @throws what loadModelDir and loadClassifier throw (NotFoundError for a path holding neither).
 */
export async function loadStudyModel(
  path: string,
): Promise<{ model: ModelLike; weightsHash: string; card?: ModelCard }> {
  const tfjs = !path.endsWith('.onnx') && (await stat(join(path, MODEL_FILE)).catch(() => undefined));
  if (tfjs) return loadModelDir(path);
  const { model } = await loadClassifier(path);
  return { model, weightsHash: model.metadata.weightsHash };
}

function describeModel(model: ModelLike): StudyModel['metadata'] {
  if (isClassifierModel(model)) {
    const { weightsHash: _hash, representationLayer: _layer, ...metadata } = model.metadata;
    return metadata;
  }
  const layers = model as tfl.LayersModel;
  const output = layers.outputs[0]!.shape;
  return {
    format: 'tfjs-layers',
    name: layers.name,
    inputShape: layers.inputs[0]!.shape.slice(1) as [number, number, number],
    classes: output[output.length - 1] ?? 0,
    parameterCount: countParameters(layers),
  };
}

/** An entry of `index.json`: a folder name, or an object naming the folder (`dir`, `path` or `id`). */
type IndexEntry = string | { id?: string; dir?: string; path?: string };

/**
 * The models of a zoo directory, in index order (or sorted by architecture, then eps, then id).
 * @param ids keep only these model ids, in this order.
 * @throws NotFoundError for a missing zoo or an unknown id; DataFormatError for an unreadable index.json.
 */
export async function readZoo(zoo: string, ids?: readonly string[]): Promise<StudyModelSpec[]> {
  const names = await zooFolders(zoo);
  const specs: StudyModelSpec[] = [];
  for (const name of names) {
    const dir = join(zoo, name);
    const card = parseModelCard(
      JSON.parse(await readFile(join(dir, CARD_FILE), 'utf8')),
      join(dir, CARD_FILE),
    );
    specs.push({
      id: name,
      dir,
      architecture: card.architectureId,
      eps: card.training.eps,
      norm: card.training.norm,
      weightsHash: card.weightsHash,
      card,
    });
  }
  if (!ids) return specs;
  return ids.map((id) => {
    const found = specs.find((s) => s.id === id);
    if (!found)
      throw new NotFoundError(`zoo ${zoo} has no model ${JSON.stringify(id)}; it has ${names.join(', ')}`);
    return found;
  });
}

async function zooFolders(zoo: string): Promise<string[]> {
  const entries = await readdir(zoo, { withFileTypes: true }).catch(() => {
    throw new NotFoundError(
      `zoo directory ${zoo} does not exist; train it with \`npm run zoo:train\` or pass --zoo`,
    );
  });
  const index = entries.find((e) => e.name === 'index.json');
  if (index) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(join(zoo, 'index.json'), 'utf8'));
    } catch (error) {
      throw new DataFormatError(`${join(zoo, 'index.json')} is not valid JSON (${(error as Error).message})`);
    }
    const list = (Array.isArray(parsed) ? parsed : (parsed as { models?: unknown })?.models) as
      | IndexEntry[]
      | undefined;
    if (!Array.isArray(list)) {
      throw new DataFormatError(
        `${join(zoo, 'index.json')} lists no models (expected an array or { models: [...] })`,
      );
    }
    return list.map((e) => (typeof e === 'string' ? e : (e.dir ?? e.path ?? e.id ?? '')));
  }
  const folders: { name: string; card: ModelCard }[] = [];
  // A zoo may be a folder of links to model folders (a subset of another zoo): follow them.
  const isFolder = async (e: Dirent) =>
    e.isDirectory() ||
    (e.isSymbolicLink() && (await stat(join(zoo, e.name)).catch(() => undefined))?.isDirectory());
  for (const e of entries) {
    if (!(await isFolder(e))) continue;
    const text = await readFile(join(zoo, e.name, CARD_FILE), 'utf8').catch(() => undefined);
    if (text)
      folders.push({ name: e.name, card: parseModelCard(JSON.parse(text), join(zoo, e.name, CARD_FILE)) });
  }
  folders.sort(
    (a, b) =>
      a.card.architectureId.localeCompare(b.card.architectureId) ||
      a.card.training.eps - b.card.training.eps ||
      a.name.localeCompare(b.name),
  );
  return folders.map((f) => f.name);
}
