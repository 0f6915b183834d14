/**
 * How a compute child loads a stored model: through compute's loadClassifier, whatever its format (a SimLab
 * checkpoint, verified against its card; a TF.js layers export; an imported ONNX model, `model.onnx`), so every
 * task takes zoo and imported models alike (issue 13).
 */
import { type ClassifierModel, loadClassifier, NotFoundError, REPRESENTATION_LAYER } from '@simlab/compute';

/** The model stored in `dir` (a folder the blob store materialised from the model's files). */
export async function loadTaskModel(dir: string): Promise<ClassifierModel> {
  return (await loadClassifier(dir)).model;
}

/**
 * The layer compute is asked for. `representation` (the server's default layer name, compute's
 * REPRESENTATION_LAYER) names the layer so called in zoo models; on a model without a layer of that name (an
 * imported ONNX or TF.js model) it means the model's own default representation (SPEC §2: the input of its
 * final fully connected layer, ClassifierMetadata.representationLayer). Any other name is passed as given.
 * @throws NotFoundError when `representation` is asked of a model that has neither (name a layer instead).
 */
export function taskLayer(model: ClassifierModel, layer: string): string {
  if (layer !== REPRESENTATION_LAYER || model.layerNames().includes(layer)) return layer;
  const own = model.metadata.representationLayer;
  if (own === undefined) {
    throw new NotFoundError(
      `model ${model.metadata.name} has no layer named ${REPRESENTATION_LAYER} and no final fully connected ` +
        `layer to take the representation before; name a layer (its layers: ${model.layerNames().join(', ')})`,
    );
  }
  return own;
}

/** The model in `dir` and the layer to read (taskLayer); the model is disposed if the layer is refused. */
export async function loadTaskModelAt(
  dir: string,
  layer: string,
): Promise<{ model: ClassifierModel; layer: string }> {
  const model = await loadTaskModel(dir);
  try {
    return { model, layer: taskLayer(model, layer) };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
