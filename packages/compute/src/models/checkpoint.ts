/**
 * A checkpoint is a directory of three files: `model.json` and `weights.bin` (the TF.js layers format, loadable
 * by `tf.loadLayersModel` anywhere the SimLab layer classes BatchNorm, LayerNorm and DepthwiseConv are
 * registered, i.e. wherever this package is imported) and `model-card.json` (provenance, see model-card.ts).
 * `model.json` also carries `userDefinedMetadata.simlab = { architectureId, weightsHash }`, so a card copied
 * next to the wrong model is caught.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CheckpointInvalidError, NotFoundError } from '../errors.js';
import { MODEL_CARD_SCHEMA, type ModelCard, parseModelCard } from './model-card.js';
import { countParameters } from './registry.js';
import { deserializeModel, serializeModel, WEIGHTS_FILE } from './serialize.js';

export const MODEL_FILE = 'model.json';
export const CARD_FILE = 'model-card.json';

/** The card fields the caller supplies; shape, classes, parameter count and hash are read from the model. */
export type ModelCardInput = Omit<
  ModelCard,
  'schema' | 'inputShape' | 'classes' | 'parameterCount' | 'weightsHash'
>;

interface SimlabMetadata {
  architectureId: string;
  weightsHash: string;
}

export interface LoadedCheckpoint {
  model: tfl.LayersModel;
  card: ModelCard;
}

/**
 * Writes `dir/model.json`, `dir/weights.bin` and `dir/model-card.json` (creating `dir`), card last, and returns
 * the complete card.
 */
export async function saveCheckpoint(
  dir: string,
  model: tfl.LayersModel,
  input: ModelCardInput,
): Promise<ModelCard> {
  const { modelJson, weights, weightsHash } = await serializeModel(model);
  const metadata: SimlabMetadata = { architectureId: input.architectureId, weightsHash };
  modelJson.userDefinedMetadata = { ...modelJson.userDefinedMetadata, simlab: metadata };
  const card: ModelCard = {
    schema: MODEL_CARD_SCHEMA,
    ...input,
    inputShape: inputShapeOf(model),
    classes: classesOf(model),
    parameterCount: countParameters(model),
    weightsHash,
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, WEIGHTS_FILE), weights);
  await writeFile(join(dir, MODEL_FILE), `${JSON.stringify(modelJson)}\n`);
  await writeFile(join(dir, CARD_FILE), `${JSON.stringify(card, null, 2)}\n`);
  return card;
}

/**
 * Loads a checkpoint and verifies it: the weights' length and SHA-256, and that card and model.json name the same
 * architecture, hash, input shape, class count and parameter count.
 * @throws NotFoundError when `dir` does not exist; CheckpointInvalidError for a missing, corrupt, truncated or
 *   mismatched file, or when `expectArchitecture` is given and differs from the card's.
 */
export async function loadCheckpoint(
  dir: string,
  options: { expectArchitecture?: string } = {},
): Promise<LoadedCheckpoint> {
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) {
    throw new NotFoundError(`checkpoint directory ${dir} does not exist`);
  }
  const card = parseModelCard(await readJson(dir, CARD_FILE), join(dir, CARD_FILE));
  const modelJson = (await readJson(dir, MODEL_FILE)) as tf.io.ModelJSON;
  const metadata = modelJson.userDefinedMetadata?.simlab as Partial<SimlabMetadata> | undefined;
  if (metadata?.architectureId !== card.architectureId || metadata.weightsHash !== card.weightsHash) {
    throw new CheckpointInvalidError(
      `${dir}: ${CARD_FILE} describes ${card.architectureId} with weights ${card.weightsHash.slice(0, 12)}… but ` +
        `${MODEL_FILE} holds ${metadata?.architectureId ?? 'an unlabelled model'} with weights ` +
        `${metadata?.weightsHash?.slice(0, 12) ?? 'unknown'}…; the card belongs to another model`,
    );
  }
  if (options.expectArchitecture !== undefined && options.expectArchitecture !== card.architectureId) {
    throw new CheckpointInvalidError(
      `${dir} holds a ${card.architectureId} model, not the expected ${options.expectArchitecture}`,
    );
  }
  const weights = await readFile(join(dir, WEIGHTS_FILE)).catch((error: unknown) => {
    throw new CheckpointInvalidError(`${dir}: cannot read ${WEIGHTS_FILE} (${(error as Error).message})`);
  });
  const model = await deserializeModel(modelJson, weights, card.weightsHash);
  checkCardAgainstModel(dir, card, model);
  return { model, card };
}

function checkCardAgainstModel(dir: string, card: ModelCard, model: tfl.LayersModel): void {
  const found = {
    inputShape: inputShapeOf(model),
    classes: classesOf(model),
    parameterCount: countParameters(model),
  };
  const recorded = {
    inputShape: card.inputShape,
    classes: card.classes,
    parameterCount: card.parameterCount,
  };
  if (JSON.stringify(found) !== JSON.stringify(recorded)) {
    model.dispose();
    throw new CheckpointInvalidError(
      `${dir}: ${CARD_FILE} records ${JSON.stringify(recorded)} but ${MODEL_FILE} has ${JSON.stringify(found)}`,
    );
  }
}

async function readJson(dir: string, file: string): Promise<unknown> {
  const path = join(dir, file);
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new CheckpointInvalidError(`${dir}: cannot read ${file} (${(error as Error).message})`);
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CheckpointInvalidError(`${path} is not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
}

function inputShapeOf(model: tfl.LayersModel): [number, number, number] {
  const shape = model.inputs[0]?.shape.slice(1);
  if (shape?.length !== 3 || !shape.every((d) => typeof d === 'number')) {
    throw new CheckpointInvalidError(`model ${model.name} does not take images [n, h, w, c]`);
  }
  return shape as [number, number, number];
}

function classesOf(model: tfl.LayersModel): number {
  const units = model.outputs[0]?.shape[1];
  if (typeof units !== 'number')
    throw new CheckpointInvalidError(`model ${model.name} has no [n, classes] output`);
  return units;
}
