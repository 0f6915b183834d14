import { describe, expect, it } from 'vitest';
import { createDataset, subsetDataset } from '../data/dataset.js';
import { InvalidArgumentError } from '../errors.js';
import type { ModelCard } from '../models/model-card.js';
import {
  chooseStudyImages,
  datasetFamily,
  datasetSliceHash,
  type StudyImagesInput,
  sampleStudyPairs,
  wholeDatasetImages,
} from './study-images.js';

const dataset = createDataset({
  name: 'toy',
  source: 'test',
  images: Float32Array.from({ length: 20 * 4 }, (_, i) => (i % 7) / 7),
  labels: Int32Array.from({ length: 20 }, (_, i) => i % 3),
  imageShape: [2, 2, 1],
  classNames: ['a', 'b', 'c'],
});
const range = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => start + i);
const part = (start: number, end: number) => subsetDataset(dataset, range(start, end));
type Ref = { hash: string; count: number };
const card = (trained: Ref, options: { validation?: Ref; evaluation?: Ref } = {}) =>
  ({
    training: {
      dataset: { name: 'x', ...trained },
      ...(options.validation && { validation: { name: 'v', ...options.validation } }),
    },
    evaluation: { dataset: { name: 'e', ...(options.evaluation ?? { hash: 'e'.repeat(64), count: 5 }) } },
  }) as unknown as ModelCard;
const choose = (cards: (ModelCard | undefined)[], extra: Partial<StudyImagesInput> = {}) =>
  chooseStudyImages({
    dataset,
    models: cards.map((c, i) => ({ id: `m${i}`, card: c })),
    sliceHash: datasetSliceHash(dataset),
    ...extra,
  });

describe('chooseStudyImages', () => {
  it('holds out the images after the training prefix and validation split every card names', async () => {
    const cards = [
      card(part(0, 10), { validation: part(10, 12) }),
      card(part(0, 10), { validation: part(10, 12) }),
    ];
    const images = await choose(cards);
    expect(images).toMatchObject({ from: 12, to: 20, count: 8, rule: 'held-out', notes: [] });
    expect(images.reason).toBe(
      'images 12..19 of toy: the models trained on images 0..9 and validated on 10..11 (their cards)',
    );
  });

  it('holds out after the longest prefix when the cards name different ones, and says which', async () => {
    const images = await choose([card(part(0, 6)), card(part(0, 9))]);
    expect(images).toMatchObject({ from: 9, to: 20, rule: 'held-out' });
    expect(images.reason).toMatch(/up to 8 \(m0 0\.\.5, m1 0\.\.8\)/);
  });

  it('notes models without a card (imported ONNX) and uses the others cards', async () => {
    const images = await choose([card(part(0, 10)), undefined]);
    expect(images).toMatchObject({ from: 10, rule: 'held-out' });
    expect(images.notes.join('\n')).toMatch(/m1: no model card/);
    expect(images.notes.join('\n')).toMatch(
      /follows the cards of m0; the models noted above may have trained/,
    );
  });

  it('uses the whole dataset, with a note, when no card says anything about it', async () => {
    const onlyImported = await choose([undefined, undefined]);
    expect(onlyImported).toMatchObject({ from: 0, to: 20, rule: 'whole-dataset' });
    expect(onlyImported.notes).toHaveLength(2);
    const trainedOnAll = await choose([card(dataset)]);
    expect(trainedOnAll.rule).toBe('whole-dataset');
    expect(trainedOnAll.notes[0]).toMatch(/m0: trained or validated on all of toy/);
    // A training set that is not a prefix of the dataset (indices 1..3) is taken as other images, said so.
    const elsewhere = await choose([card(subsetDataset(dataset, [1, 2, 3]))]);
    expect(elsewhere.rule).toBe('whole-dataset');
    expect(elsewhere.notes[0]).toMatch(/not a prefix of toy/);
  });

  it('refuses a validation split that does not follow the training prefix as proof of anything', async () => {
    const images = await choose([card(part(0, 5), { validation: part(6, 8) })]);
    expect(images.rule).toBe('whole-dataset');
    expect(images.notes[0]).toMatch(/validation split toy is not images 5\.\.6; it may be anywhere/);
  });

  it("uses a whole split that is every model's evaluation set and no model's training set", async () => {
    const trainedElsewhere = card({ hash: 'a'.repeat(64), count: 50 }, { evaluation: dataset });
    const images = await choose([trainedElsewhere, trainedElsewhere]);
    expect(images).toMatchObject({ from: 0, to: 20, rule: 'evaluation-set', notes: [] });
    expect(images.reason).toMatch(/every model's evaluation set/);
  });

  it('keeps a requested range, noting models that trained on images in it, and checks it', async () => {
    const images = await choose([card(part(0, 10))], { requested: { from: 5, to: 15 } });
    expect(images).toMatchObject({ from: 5, to: 15, count: 10, rule: 'requested' });
    expect(images.notes[0]).toMatch(/m0 trained or validated on images below 10/);
    await expect(choose([], { requested: { from: 5, to: 21 } })).rejects.toThrow(InvalidArgumentError);
  });

  it('hashes each slice once', async () => {
    const asked: string[] = [];
    const slice = datasetSliceHash(dataset);
    await choose([card(part(0, 10)), card(part(0, 10))], {
      sliceHash: (from, to) => {
        asked.push(`${from}:${to}`);
        return slice(from, to);
      },
    });
    expect(asked).toEqual(['0:10']);
  });
});

describe('one dataset per study', () => {
  const trainedOn = (name: string) =>
    ({
      training: { dataset: { name, hash: 'a'.repeat(64), count: 50 } },
      evaluation: { dataset: { name: 'e', hash: 'e'.repeat(64), count: 5 } },
    }) as unknown as ModelCard;
  const mnist = { ...dataset, name: 'mnist' };
  const models = (...names: string[]) => names.map((n, i) => ({ id: `m${i}`, card: trainedOn(n) }));
  const choose = (d: StudyImagesInput['dataset'], names: string[]) =>
    chooseStudyImages({ dataset: d, models: models(...names), sliceHash: datasetSliceHash(dataset) });

  it('names the dataset a card or study names, whatever its split or range', () => {
    expect(
      ['mnist[0:7200]', 'mnist-train', 'MNIST', 'fashion-mnist-train[0:7200]'].map(datasetFamily),
    ).toEqual(['mnist', 'mnist', 'mnist', 'fashion-mnist']);
  });

  it('refuses models trained on another dataset than the study, or on two datasets', async () => {
    await expect(choose(mnist, ['mnist-train', 'fashion-mnist-train[0:7200]'])).rejects.toThrow(
      /trained on different datasets \(m0 on mnist; m1 on fashion-mnist, their cards\)/,
    );
    await expect(choose(mnist, ['fashion-mnist-train[0:7200]'])).rejects.toThrow(
      /m0 was trained on fashion-mnist .* not on mnist like the study's dataset mnist/,
    );
    // A dataset registered under another name is known by its source.
    await expect(
      choose({ ...mnist, name: 'digits', source: 'fashion-mnist' }, ['mnist-train']),
    ).rejects.toThrow(/m0 was trained on mnist/);
  });

  it('accepts models of the study dataset, and of datasets it cannot name (with a note)', async () => {
    expect((await choose(mnist, ['mnist-train', 'mnist[0:7200]'])).rule).toBe('whole-dataset');
    const unknown = await choose({ ...mnist, name: 'digits' }, ['mnist-train']);
    expect(unknown.notes[0]).toMatch(/not a prefix of digits/);
  });
});

describe('sampleStudyPairs', () => {
  it('draws from the range only, with the dataset indices, as samplePairs on its labels', () => {
    const images = { from: 8, to: 20, reason: 'r' };
    const pairs = sampleStudyPairs(dataset.labels, images, { count: 6, seed: 3 });
    const all = [...pairs.seedIndices, ...pairs.targetIndices];
    expect(Math.min(...all)).toBeGreaterThanOrEqual(8);
    expect(Array.from(pairs.targetLabels)).toEqual(Array.from(pairs.targetIndices, (i) => dataset.labels[i]));
    const shifted = sampleStudyPairs(
      dataset.labels.subarray(8),
      { from: 0, to: 12, reason: 'r' },
      { count: 6, seed: 3 },
    );
    expect(Array.from(shifted.seedIndices, (i) => i + 8)).toEqual(Array.from(pairs.seedIndices));
  });

  it('names the range when it holds too few images for the pairs', () => {
    expect(() =>
      sampleStudyPairs(
        dataset.labels,
        { from: 14, to: 20, reason: 'images 14..19 of toy' },
        { count: 5, seed: 0 },
      ),
    ).toThrow(
      /pairs come from images 14\.\.19 of toy: pair count 5 must be an integer in 1\.\.4.*ask for fewer pairs/,
    );
  });

  it('is samplePairs over the whole dataset', () => {
    const whole = wholeDatasetImages(dataset);
    expect(whole).toMatchObject({ from: 0, to: 20, rule: 'whole-dataset', notes: [] });
    expect(() => sampleStudyPairs(dataset.labels, { ...whole, to: 21 }, { count: 2, seed: 0 })).toThrow(
      /outside/,
    );
  });
});
