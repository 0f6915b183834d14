/**
 * Study images the models never trained on. Model cards record the hash of their training set (and, for zoo v2,
 * of the validation split that early stopping scored); when every model trained on the same prefix 0..N-1 of the
 * study's dataset, and validated on the same following range N..M-1 if any, the images M..count-1 are held out
 * (the shipped MNIST zoo: train 0..7199, validate 7200..7999, held out 8000..9999).
 */
import { type Dataset, datasetHash } from '../data/dataset.js';
import type { DatasetRef, ModelCard } from '../models/model-card.js';

/**
 * The held-out part of `dataset`, or undefined when the cards are missing, disagree, or do not describe a prefix
 * of `dataset`.
 */
export function heldOutDataset(
  dataset: Dataset,
  cards: readonly (ModelCard | undefined)[],
): Dataset | undefined {
  const first = cards[0]?.training;
  const same = (a: DatasetRef | undefined, b: DatasetRef | undefined) =>
    a?.hash === b?.hash && a?.count === b?.count;
  if (
    !first ||
    cards.some(
      (c) => !same(c?.training.dataset, first.dataset) || !same(c?.training.validation, first.validation),
    )
  ) {
    return undefined;
  }
  const trained = first.dataset.count;
  const used = trained + (first.validation?.count ?? 0);
  if (!(trained > 0 && used < dataset.count)) return undefined;
  if (sliceHash(dataset, 0, trained) !== first.dataset.hash) return undefined;
  if (first.validation && sliceHash(dataset, trained, used) !== first.validation.hash) return undefined;
  const size = imageSize(dataset);
  const images = dataset.images.slice(used * size);
  const labels = dataset.labels.slice(used);
  return {
    ...dataset,
    name: `${dataset.name}[${used}:${dataset.count}]`,
    images,
    labels,
    count: dataset.count - used,
    hash: datasetHash({ imageShape: dataset.imageShape, images, labels }),
  };
}

function imageSize(dataset: Dataset): number {
  return dataset.imageShape.reduce((a, b) => a * b, 1);
}

function sliceHash(dataset: Dataset, start: number, end: number): string {
  const size = imageSize(dataset);
  return datasetHash({
    imageShape: dataset.imageShape,
    images: dataset.images.subarray(start * size, end * size),
    labels: dataset.labels.subarray(start, end),
  });
}
