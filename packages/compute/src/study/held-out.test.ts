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
const card = (ref: { hash: string; count: number }) =>
  ({ training: { dataset: { name: 'x', ...ref } } }) as unknown as ModelCard;

describe('heldOutDataset', () => {
  it('keeps the images after the training prefix every card names, with their own hash', () => {
    const trained = prefix(6);
    const heldOut = heldOutDataset(dataset, [card(trained), card(trained)])!;
    expect(heldOut.name).toBe('toy[6:10]');
    expect(heldOut.count).toBe(4);
    expect(Array.from(heldOut.labels)).toEqual(Array.from(dataset.labels.slice(6)));
    expect(heldOut.hash).toBe(subsetDataset(dataset, [6, 7, 8, 9]).hash);
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
