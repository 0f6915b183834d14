/**
 * Study images the models never trained on. Model cards record the hash of their training set; when every model
 * trained on the same prefix 0..N-1 of the study's dataset (the shipped zoo trains on built-in MNIST 0..4999),
 * the images N..count-1 are held out.
 */
import { type Dataset, datasetHash } from '../data/dataset.js';
import type { ModelCard } from '../models/model-card.js';

/**
 * The held-out part of `dataset`, or undefined when the cards are missing, disagree, or do not describe a prefix
 * of `dataset`.
 */
export function heldOutDataset(
  dataset: Dataset,
  cards: readonly (ModelCard | undefined)[],
): Dataset | undefined {
  const refs = cards.map((card) => card?.training.dataset);
  const first = refs[0];
  if (!first || refs.some((r) => r?.hash !== first.hash || r.count !== first.count)) return undefined;
  const n = first.count;
  if (!(n > 0 && n < dataset.count)) return undefined;
  const size = dataset.imageShape.reduce((a, b) => a * b, 1);
  const prefix = {
    imageShape: dataset.imageShape,
    images: dataset.images.subarray(0, n * size),
    labels: dataset.labels.subarray(0, n),
  };
  if (datasetHash(prefix) !== first.hash) return undefined;
  const rest = dataset.count - n;
  const images = dataset.images.slice(n * size);
  const labels = dataset.labels.slice(n);
  return {
    ...dataset,
    name: `${dataset.name}[${n}:${dataset.count}]`,
    images,
    labels,
    count: rest,
    hash: datasetHash({ imageShape: dataset.imageShape, images, labels }),
  };
}
