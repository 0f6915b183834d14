/**
 * Loads any TF.js layers model from a directory holding `model.json` — a SimLab checkpoint (verified against
 * its model card) or a model exported elsewhere (e.g. by tensorflowjs_converter, possibly in several weight
 * shards), whose weights hash is then computed here so results can still record it (SPEC §7) — and, through
 * `loadClassifier`, an ONNX model (a `.onnx` file, or a directory holding `model.onnx`; docs/onnx.md).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CheckpointInvalidError, NotFoundError } from '../errors.js';
import { loadOnnxModel, type OnnxModelOptions } from '../onnx/onnx-model.js';
import { CARD_FILE, loadCheckpoint, MODEL_FILE } from './checkpoint.js';
import type { ClassifierModel } from './classifier.js';
import { createLayersClassifier } from './layers-classifier.js';
import type { ModelCard } from './model-card.js';
import { deserializeModel, sha256Hex } from './serialize.js';

export interface LoadedModel {
  model: tfl.LayersModel;
  weightsHash: string;
  /** Present for SimLab checkpoints. */
  card?: ModelCard;
}

export async function loadModelDir(dir: string): Promise<LoadedModel> {
  if (!(await isFile(join(dir, MODEL_FILE)))) {
    throw new NotFoundError(`${dir} holds no ${MODEL_FILE}; pass a directory with a TF.js layers model`);
  }
  if (await isFile(join(dir, CARD_FILE))) {
    const { model, card } = await loadCheckpoint(dir);
    return { model, card, weightsHash: card.weightsHash };
  }
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    throw new CheckpointInvalidError(
      `${join(dir, MODEL_FILE)} is not valid JSON (${(error as Error).message})`,
    );
  }
  const paths = (modelJson.weightsManifest ?? []).flatMap((group) => group.paths);
  const shards = await Promise.all(
    paths.map((path) =>
      readFile(join(dir, path)).catch((error: unknown) => {
        throw new CheckpointInvalidError(
          `${dir}: weight shard ${path} is unreadable (${(error as Error).message})`,
        );
      }),
    ),
  );
  const weights = new Uint8Array(Buffer.concat(shards));
  const model = await deserializeModel(modelJson, weights);
  return { model, weightsHash: sha256Hex(weights) };
}

/** File name of an ONNX model inside a model directory. */
export const ONNX_FILE = 'model.onnx';

export interface LoadedClassifier {
  model: ClassifierModel;
  /** Present for SimLab checkpoints. */
  card?: ModelCard;
}

/**
 * Loads a model of any supported format as a ClassifierModel: a `.onnx` file, a directory holding
 * `model.onnx`, or a TF.js layers model directory (`model.json`).
 * @param options ONNX import options (input layout); ignored for TF.js models.
 * @throws NotFoundError when the path holds none of these; what loadModelDir and loadOnnxModel throw.
 */
export async function loadClassifier(
  path: string,
  options: OnnxModelOptions = {},
): Promise<LoadedClassifier> {
  if (path.endsWith('.onnx')) {
    if (!(await isFile(path))) throw new NotFoundError(`${path} does not exist or is not a file`);
    return { model: await loadOnnxModel(path, options) };
  }
  if (!(await isFile(join(path, MODEL_FILE)))) {
    if (await isFile(join(path, ONNX_FILE))) {
      return { model: await loadOnnxModel(join(path, ONNX_FILE), { name: basename(path), ...options }) };
    }
    throw new NotFoundError(
      `${path} is neither a .onnx file nor a directory holding ${MODEL_FILE} (TF.js layers) or ${ONNX_FILE}`,
    );
  }
  const { model, weightsHash, card } = await loadModelDir(path);
  return { model: createLayersClassifier(model, { weightsHash, name: basename(path) }), card };
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
