import { describe, expect, it } from 'vitest';
import { createDataset, subsetDataset } from '../data/dataset.js';
import type { ModelCard } from '../models/model-card.js';
import { heldOutDataset } from './held-out.js';

const dataset = createDataset({
  name: 'toy',
  source: 'test',
  images: Float32Array.from({ length: 10 * 4 }, (_, i) => (i % 7) / 7),
  labels: Int32Array.from({ length: 10 }, (_, i) => i % 3),
  imageShape: [2, 2, 1],
  classNames: ['a', 'b', 'c'],
});
const prefix = (n: number) =>
  subsetDataset(
    dataset,
    Array.from({ length: n }, (_, i) => i),
  );
const card = (ref: { hash: string; count: number }, validation?: { hash: string; count: number }) =>
  ({
    training: {
      dataset: { name: 'x', ...ref },
      ...(validation && { validation: { name: 'v', ...validation } }),
    },
  }) as unknown as ModelCard;
const range = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => start + i);

describe('heldOutDataset', () => {
  it('keeps the images after the training prefix every card names, with their own hash', () => {
    const trained = prefix(6);
    const heldOut = heldOutDataset(dataset, [card(trained), card(trained)])!;
    expect(heldOut.name).toBe('toy[6:10]');
    expect(heldOut.count).toBe(4);
    expect(Array.from(heldOut.labels)).toEqual(Array.from(dataset.labels.slice(6)));
    expect(heldOut.hash).toBe(subsetDataset(dataset, [6, 7, 8, 9]).hash);
  });

  it('also leaves out the validation split that follows the training prefix (early stopping saw it)', () => {
    const trained = prefix(5);
    const validation = subsetDataset(dataset, range(5, 7));
    const heldOut = heldOutDataset(dataset, [card(trained, validation), card(trained, validation)])!;
    expect(heldOut.name).toBe('toy[7:10]');
    expect(heldOut.hash).toBe(subsetDataset(dataset, range(7, 10)).hash);
    // A validation split from elsewhere, or cards that disagree about it, give no held-out set.
    expect(heldOutDataset(dataset, [card(trained, subsetDataset(dataset, range(6, 8)))])).toBeUndefined();
    expect(heldOutDataset(dataset, [card(trained, validation), card(trained)])).toBeUndefined();
  });

  it('gives up when a card is missing, the cards disagree, or the hash is not of a prefix', () => {
    expect(heldOutDataset(dataset, [card(prefix(6)), undefined])).toBeUndefined();
    expect(heldOutDataset(dataset, [card(prefix(6)), card(prefix(5))])).toBeUndefined();
    expect(
      heldOutDataset(dataset, [card({ hash: subsetDataset(dataset, [1, 2, 3]).hash, count: 3 })]),
    ).toBeUndefined();
    expect(heldOutDataset(dataset, [card(dataset)])).toBeUndefined();
  });
});
