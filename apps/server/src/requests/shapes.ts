/** A model can only see images of its input shape: compare the card's shape with the dataset's. */
import { ShapeMismatchError } from '@simlab/compute';
import type { DatasetRow } from '../db/dataset.queries.js';
import type { ModelRow } from '../db/model.queries.js';

export function assertModelFitsDataset(model: ModelRow, dataset: DatasetRow): void {
  const inputShape = model.inputShape;
  if (!inputShape || !dataset.imageShape) return;
  if (inputShape.join('x') !== dataset.imageShape.join('x')) {
    throw new ShapeMismatchError(
      `model ${model.name} takes ${inputShape.join('x')} images but dataset ${dataset.name} holds ` +
        `${dataset.imageShape.join('x')} images; use a dataset of the model's input shape`,
    );
  }
}
