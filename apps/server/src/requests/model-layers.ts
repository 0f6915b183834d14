/**
 * Layer names checked when a request arrives, against the model.json each READY model stored: an unknown
 * layer is refused with UNKNOWN_LAYER and the model's layers, instead of a job that fails minutes later.
 */
import type { BlobStore } from '../db/blob-store.js';
import type { ModelRow } from '../db/model.queries.js';
import { UnknownLayerError } from '../errors.js';

/**
 * @throws UnknownLayerError when a model's stored topology has no layer `layer`. A model without a stored
 *   model.json, or with a topology this reader does not know, is left to the job (which checks again).
 */
export async function assertModelsHaveLayer(
  blobs: BlobStore,
  models: readonly ModelRow[],
  layer: string,
): Promise<void> {
  for (const model of models) {
    const sha256 = model.files?.['model.json'];
    if (!sha256) continue;
    const names = topLevelLayerNames(JSON.parse((await blobs.read(sha256)).toString('utf8')));
    if (names && !names.includes(layer)) {
      throw new UnknownLayerError(
        `model ${model.name} has no layer ${JSON.stringify(layer)}; its layers are ${names.join(', ')}`,
      );
    }
  }
}

interface Topology {
  class_name?: string;
  config?: { layers?: LayerConfig[] } | LayerConfig[];
  model_config?: Topology;
}

interface LayerConfig {
  name?: string;
  config?: { name?: string };
}

/**
 * The names TF.js gives `model.layers` (what compute's `getLayer` looks up): the layers of a functional
 * model's config, or of a Sequential's (old Keras files keep them as a bare array). Keras exports wrap the
 * topology in `model_config`. Undefined for anything else.
 */
export function topLevelLayerNames(modelJson: { modelTopology?: Topology }): string[] | undefined {
  let topology = modelJson.modelTopology;
  if (topology?.model_config) topology = topology.model_config;
  const config = topology?.config;
  const layers = Array.isArray(config) ? config : config?.layers;
  if (!Array.isArray(layers)) return undefined;
  const names = layers.map((l) => l.config?.name ?? l.name);
  return names.every((n): n is string => typeof n === 'string') ? names : undefined;
}
