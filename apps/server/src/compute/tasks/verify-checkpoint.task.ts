/**
 * Loads a model directory the way every task will (compute's loadClassifier: a SimLab checkpoint verified
 * against its card, a TF.js layers export, or an ONNX model, run once at load) and describes it: hash, card, and
 * the model's own metadata (format, input shape, classes, parameters, default representation layer and size,
 * the layer names a request may give). Refuses a model that does not match the architecture it is imported as.
 */
import {
  CheckpointInvalidError,
  type ClassifierModel,
  InvalidArgumentError,
  initBackend,
  loadClassifier,
  type ModelCard,
  NotFoundError,
  OnnxModel,
  REPRESENTATION_LAYER,
} from '@simlab/compute';
import { taskLayer } from './task-model.js';

/** What a model is, as compute describes it on loading (stored with the model, shown in GraphQL). */
export interface ModelDescription {
  format: 'tfjs-layers' | 'onnx';
  /** The model's own name (TF.js model name, ONNX graph name), as a study report names it. */
  name: string;
  /** [height, width, channels] of the NHWC images in [0, 1] it takes. */
  inputShape: number[];
  classes: number;
  parameterCount: number;
  /** Default representation layer (SPEC §2); null when the model has no final fully connected layer. */
  representationLayer: string | null;
  /** Units of that representation; null with it. */
  representationSize: number | null;
  /** Names `layer` may take: TF.js layer names, or ONNX value names. */
  layers: string[];
  /** ONNX only: the node names, which `layer` also takes (each for its first output). */
  nodes?: string[];
  /** Format facts (ONNX: opset, producer, input layout, logits value). */
  details?: Record<string, unknown>;
}

export interface VerifiedModel {
  weightsHash: string;
  card: ModelCard | null;
  inputShape: number[];
  classes: number;
  description: ModelDescription;
}

export interface VerifyCheckpointInput {
  dir: string;
  /** The architecture it is imported as: a zoo family, or one the user named. */
  architecture: { id: string; origin: 'zoo' | 'imported' };
  norm: 'l2' | 'linf' | null;
  eps: number;
}

export async function verifyCheckpointTask(input: VerifyCheckpointInput): Promise<VerifiedModel> {
  await initBackend();
  const { model, card } = await loadClassifier(input.dir);
  try {
    assertArchitecture(model, card, input.architecture);
    const { inputShape, classes, weightsHash } = model.metadata;
    return {
      weightsHash,
      card: card ?? null,
      inputShape: [...inputShape],
      classes,
      description: describe(model),
    };
  } finally {
    model.dispose();
  }
}

function assertArchitecture(
  model: ClassifierModel,
  card: ModelCard | undefined,
  architecture: VerifyCheckpointInput['architecture'],
): void {
  if (architecture.origin === 'zoo') {
    // A zoo id means compute's definition of that network: only a TF.js model of it can claim it.
    if (model.metadata.format !== 'tfjs-layers') {
      throw new CheckpointInvalidError(
        `an ${model.metadata.format} model cannot be imported as the zoo architecture ${architecture.id} ` +
          "(zoo architectures are SimLab's own TF.js networks); name your own architecture with " +
          'architecture: { name: "..." }',
      );
    }
    if (card && card.architectureId !== architecture.id) {
      throw new CheckpointInvalidError(
        `the checkpoint holds a ${card.architectureId} model, not the declared ${architecture.id}`,
      );
    }
  } else if (card) {
    throw new CheckpointInvalidError(
      `the checkpoint's model card says it is the zoo architecture ${card.architectureId}; import it with ` +
        `architectureId: "${card.architectureId}" instead of the user-named architecture ${architecture.id}`,
    );
  }
}

function describe(model: ClassifierModel): ModelDescription {
  const { metadata } = model;
  let representation: { layer: string; size: number } | null = null;
  try {
    // The layer requests get by default (the zoo's `representation`, else the model's own, as tasks resolve it).
    const rep = model.representation(taskLayer(model, REPRESENTATION_LAYER));
    representation = { layer: rep.layerName, size: rep.dim };
  } catch (error) {
    // No final fully connected layer: requests then name a layer themselves.
    if (!(error instanceof InvalidArgumentError || error instanceof NotFoundError)) throw error;
  }
  return {
    format: metadata.format,
    name: metadata.name,
    inputShape: [...metadata.inputShape],
    classes: metadata.classes,
    parameterCount: metadata.parameterCount,
    representationLayer: representation?.layer ?? null,
    representationSize: representation?.size ?? null,
    layers: model.layerNames(),
    ...(model instanceof OnnxModel && { nodes: [...new Set(model.layers.map((l) => l.node))] }),
    ...(metadata.details && { details: metadata.details }),
  };
}
