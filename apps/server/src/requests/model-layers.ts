/**
 * Layer names checked when a request arrives, against what each READY model stored (its metadata: TF.js layer
 * names, ONNX value and node names; or, for a model stored before that, its model.json): an unknown layer is
 * refused with UNKNOWN_LAYER and the model's layers, instead of a job that fails minutes later.
 */
import { REPRESENTATION_LAYER } from '@simlab/compute';
import type { BlobStore } from '../db/blob-store.js';
import type { ModelRow } from '../db/model.queries.js';
import { UnknownLayerError } from '../errors.js';

/**
 * `representation` (the default) on a model without a layer of that name means the model's own default
 * representation, the input of its final fully connected layer (compute/tasks/task-model.ts), which it must have.
 * @throws UnknownLayerError when a model has no layer `layer`. A model whose layers are not known here (no
 *   metadata and no model.json, or a topology this reader does not know) is left to the job (which checks again).
 */
export async function assertModelsHaveLayer(
  blobs: BlobStore,
  models: readonly ModelRow[],
  layer: string,
): Promise<void> {
  for (const model of models) {
    const stored = await storedLayers(blobs, model);
    if (!stored || stored.names.includes(layer)) continue;
    if (layer === REPRESENTATION_LAYER) {
      if (stored.hasDefault) continue;
      throw new UnknownLayerError(
        `model ${model.name} has no layer ${JSON.stringify(layer)} and no final fully connected layer to take ` +
          `the default representation before (SPEC §2); name a layer: its layers are ${stored.names.join(', ')}`,
      );
    }
    throw new UnknownLayerError(
      `model ${model.name} has no layer ${JSON.stringify(layer)}; its layers are ${stored.names.join(', ')}`,
    );
  }
}

/** The names a model's `layer` may take, and whether it has a default representation. */
async function storedLayers(
  blobs: BlobStore,
  model: ModelRow,
): Promise<{ names: string[]; hasDefault: boolean } | undefined> {
  if (model.metadata) {
    return {
      names: [...model.metadata.layers, ...(model.metadata.nodes ?? [])],
      hasDefault: model.metadata.representationLayer !== null,
    };
  }
  const sha256 = model.files?.['model.json'];
  if (!sha256) return undefined;
  const layers = topLevelLayers(JSON.parse((await blobs.read(sha256)).toString('utf8')));
  if (!layers) return undefined;
  // compute's default: the input of the last Dense layer (models/representation.ts).
  return { names: layers.map((l) => l.name), hasDefault: layers.some((l) => l.className === 'Dense') };
}

interface Topology {
  class_name?: string;
  config?: { layers?: LayerConfig[] } | LayerConfig[];
  model_config?: Topology;
}

interface LayerConfig {
  class_name?: string;
  name?: string;
  config?: { name?: string };
}

/**
 * The layers TF.js gives `model.layers` (names are what compute's `getLayer` looks up): the layers of a
 * functional model's config, or of a Sequential's (old Keras files keep them as a bare array). Keras exports
 * wrap the topology in `model_config`. Undefined for anything else.
 */
export function topLevelLayers(modelJson: {
  modelTopology?: Topology;
}): { name: string; className: string | undefined }[] | undefined {
  let topology = modelJson.modelTopology;
  if (topology?.model_config) topology = topology.model_config;
  const config = topology?.config;
  const layers = Array.isArray(config) ? config : config?.layers;
  if (!Array.isArray(layers)) return undefined;
  const named = layers.map((l) => ({ name: l.config?.name ?? l.name, className: l.class_name }));
  return named.every((l): l is { name: string; className: string | undefined } => typeof l.name === 'string')
    ? named
    : undefined;
}
