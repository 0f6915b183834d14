/**
 * In-memory serialisation of a tfjs-layers model in the TF.js layers format: `model.json` (topology + weights
 * manifest) and one `weights.bin` (float32 values, concatenated in manifest order). Works on every backend:
 * no tfjs-node file handlers, only `tf.io.withSaveHandler` / `tf.io.fromMemory`.
 *
 * `weightsHash` is the hex SHA-256 of the weight bytes in manifest order, i.e. of the `weights.bin` file, so
 * anyone can check it with `sha256sum weights.bin` (SPEC §7: results record the weights hash).
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CheckpointInvalidError } from '../errors.js';
// SimLab's custom layers register their classes on import; deserializing a zoo model needs them.
import './batch-norm.js';
import './depthwise-conv.js';
import './layer-norm.js';

/** File name of the weights in `model.json`'s manifest. */
export const WEIGHTS_FILE = 'weights.bin';

export interface SerializedModel {
  /** The parsed `model.json`: topology, format, weights manifest, user-defined metadata. */
  modelJson: tf.io.ModelJSON;
  /** Contents of `weights.bin`. */
  weights: Uint8Array;
  /** Hex SHA-256 of `weights`. */
  weightsHash: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Serialises topology and all weights (batch-norm statistics included, optimizer state excluded). */
export async function serializeModel(model: tfl.LayersModel): Promise<SerializedModel> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.weightData || !captured.weightSpecs) {
    throw new CheckpointInvalidError(`model ${model.name} produced no weights when saved`);
  }
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(captured.weightData));
  const modelJson: tf.io.ModelJSON = {
    modelTopology: captured.modelTopology as object,
    format: captured.format,
    generatedBy: captured.generatedBy,
    convertedBy: captured.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: captured.weightSpecs }],
    ...(captured.userDefinedMetadata ? { userDefinedMetadata: captured.userDefinedMetadata } : {}),
  };
  return { modelJson, weights, weightsHash: sha256Hex(weights) };
}

/**
 * Rebuilds a model from `model.json` and the weight bytes. Verifies that the bytes have exactly the length the
 * manifest needs and, when `expectedHash` is given, their SHA-256.
 * @throws CheckpointInvalidError for a malformed manifest, truncated or padded weights, a hash mismatch, or
 *   a topology tfjs-layers cannot rebuild.
 */
export async function deserializeModel(
  modelJson: tf.io.ModelJSON,
  weights: Uint8Array,
  expectedHash?: string,
): Promise<tfl.LayersModel> {
  if (
    modelJson?.format !== 'layers-model' ||
    !modelJson.modelTopology ||
    !Array.isArray(modelJson.weightsManifest)
  ) {
    throw new CheckpointInvalidError(
      'model.json is not a TF.js layers model (needs format "layers-model", modelTopology and weightsManifest)',
    );
  }
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const needed = specs.reduce((sum, s) => sum + byteLength(s), 0);
  if (weights.byteLength !== needed) {
    throw new CheckpointInvalidError(
      `${WEIGHTS_FILE} holds ${weights.byteLength} bytes but model.json's manifest needs ${needed} ` +
        `(${specs.length} tensors): the file is truncated or corrupt; save the model again`,
    );
  }
  const hash = sha256Hex(weights);
  if (expectedHash !== undefined && hash !== expectedHash) {
    throw new CheckpointInvalidError(
      `${WEIGHTS_FILE} has SHA-256 ${hash} but ${expectedHash} was recorded: the weights are corrupt or belong ` +
        'to another model; save the model again',
    );
  }
  // Copy into a fresh ArrayBuffer: `weights` may be a view on a larger (e.g. Node Buffer pool) buffer.
  const weightData = weights.slice().buffer;
  const artifacts = tf.io.getModelArtifactsForJSONSync(modelJson, specs, weightData);
  try {
    return await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new CheckpointInvalidError(`model.json could not be rebuilt: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

function byteLength(spec: tf.io.WeightsManifestEntry): number {
  const perElement = BYTES_PER_ELEMENT[spec.dtype];
  if (perElement === undefined || spec.quantization) {
    throw new CheckpointInvalidError(
      `weight ${spec.name} is ${spec.quantization ? 'quantized' : spec.dtype}; SimLab checkpoints hold only ` +
        'unquantized float32, int32 or bool weights',
    );
  }
  return spec.shape.reduce((p, d) => p * d, 1) * perElement;
}
