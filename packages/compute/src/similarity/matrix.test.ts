import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { CancelledError, InvalidArgumentError } from '../errors.js';
import type { ModelLike } from '../models/classifier.js';
import { buildMlp } from '../models/mlp.js';
import { createRepresentationModel } from '../models/representation.js';
import { createRng } from '../random.js';
import { createInputGroups } from '../stats/input-groups.js';
import { cka } from './cka.js';
import {
  invertedMatrix,
  type MatrixModel,
  naturalMatrix,
  offDiagonalMean,
  representations,
} from './matrix.js';

const SHAPE: [number, number, number] = [6, 6, 1];
let models: MatrixModel[];

function randomImages(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * 36 }, () => rng.next());
}

/** rep(images) in one pass, without the batching of `representations`. */
function directRep(model: ModelLike, images: Float32Array) {
  return tf.tidy(() =>
    createRepresentationModel(model).represent(tf.tensor4d(images, [images.length / 36, ...SHAPE])),
  );
}

beforeAll(async () => {
  await initBackend();
  models = [
    { id: 'a', model: buildMlp({ inputShape: SHAPE, classes: 3, seed: 1, hidden: [12, 8] }) },
    { id: 'b', model: buildMlp({ inputShape: SHAPE, classes: 3, seed: 2, hidden: [10] }) },
    { id: 'c', model: buildMlp({ inputShape: SHAPE, classes: 3, seed: 3, hidden: [16, 6] }) },
  ];
});

describe('representations', () => {
  it('equals one unbatched forward pass, from a tensor or from floats, and leaks no tensor', async () => {
    const images = randomImages(21, 5);
    const expected = directRep(models[0]!.model, images);
    const before = tf.memory().numTensors;
    const fromFloats = await representations(models[0]!.model, images, { batchSize: 4 });
    const tensor = tf.tensor4d(images, [21, ...SHAPE]);
    const fromTensor = await representations(models[0]!.model, tensor, { batchSize: 8 });
    tensor.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect([fromFloats.n, fromFloats.p]).toEqual([21, 8]);
    const want = expected.dataSync();
    expected.dispose();
    for (let i = 0; i < want.length; i++) {
      expect(fromFloats.data[i]).toBeCloseTo(want[i]!, 5);
      expect(fromTensor.data[i]).toBeCloseTo(want[i]!, 5);
    }
  });
});

describe('naturalMatrix', () => {
  it('is symmetric with diagonal 1, and its cells and off-diagonal mean match CKA computed by hand', async () => {
    const images = randomImages(40, 7);
    const reps = models.map((m) => directRep(m.model, images));
    const hand = await Promise.all(
      reps.map((a) => Promise.all(reps.map(async (b) => (await cka(a, b)).value))),
    );
    tf.dispose(reps);
    const before = tf.memory().numTensors;
    const m = await naturalMatrix(models, images, { batchSize: 16 });
    expect(tf.memory().numTensors).toBe(before);
    expect(m.ids).toEqual(['a', 'b', 'c']);
    expect(m.layers).toEqual(['representation', 'representation', 'representation']);
    for (let r = 0; r < 3; r++) {
      expect(m.values[r]![r]).toBeCloseTo(1, 5);
      for (let c = 0; c < 3; c++) {
        expect(m.values[r]![c]).toBe(m.values[c]![r]);
        expect(m.values[r]![c]).toBeCloseTo(hand[r]![c]!, 5);
      }
    }
    expect(m.cells[0]![1]).toMatchObject({ n: 40, p: 8, q: 10 });
    expect(m.cells[1]![0]).toMatchObject({ n: 40, p: 10, q: 8 });
    const offDiagonal = [hand[0]![1]!, hand[0]![2]!, hand[1]![2]!];
    expect(m.offDiagonalMean).toBeCloseTo(offDiagonal.reduce((s, v) => s + v, 0) / 3, 5);
    expect(m.rowMeans[0]).toBeCloseTo((hand[0]![1]! + hand[0]![2]!) / 2, 5);
    expect(m.columnMeans[2]).toBeCloseTo((hand[0]![2]! + hand[1]![2]!) / 2, 5);
  });

  it('attaches biased and debiased CKA, nulls with p-values and jackknife intervals to off-diagonal cells', async () => {
    const m = await naturalMatrix(models.slice(0, 2), randomImages(30, 8), {
      nullPermutations: 5,
      intervalGroups: 10,
      seed: 3,
    });
    const cell = m.cells[0]![1]!;
    expect(cell.nullBaseline).toMatchObject({ permutations: 5, pValue: expect.any(Number) });
    expect(cell.nullBaseline!.mean).toBeGreaterThan(0);
    expect(cell.nullBaseline!.mean).toBeLessThan(cell.value);
    expect(cell.nullBaseline!.pValue).toBe(cell.biased!.null!.pValue);
    expect([1, 2, 3, 4, 5, 6].map((k) => k / 6)).toContain(cell.nullBaseline!.pValue);
    expect(cell.value).toBe(cell.biased!.value); // metric linear = biased CKA
    expect(cell.interval).toEqual(cell.biased!.interval);
    expect(cell.interval).toMatchObject({ method: 'grouped-jackknife', level: 0.95, groups: 10 });
    expect(cell.interval!.lower).toBeLessThan(cell.value);
    expect(cell.interval!.upper).toBeGreaterThan(cell.value);
    expect(cell.bootstrap).toEqual({
      lower: cell.interval!.lower,
      upper: cell.interval!.upper,
      confidence: 0.95,
      resamples: 10,
    });
    expect(cell.biased!.replicates).toHaveLength(10);
    expect(cell.debiased!.replicates).toHaveLength(10);
    expect(cell.debiased!.null!.pValue).toBeGreaterThan(0);
    expect(m.cells[1]![0]!.interval).toEqual(cell.interval);
    const diagonal = m.cells[0]![0]!;
    expect(diagonal).toMatchObject({ value: m.values[0]![0], n: 30, p: 8, q: 8 });
    expect(diagonal.biased!.value).toBeCloseTo(1, 5);
    expect(diagonal.interval).toBeUndefined();
    expect(diagonal.nullBaseline).toBeUndefined();
    expect(m).toMatchObject({ nullPermutations: 5, intervalGroups: 10, bootstrapResamples: 10 });
  });

  it('still reads the old option name bootstrapResamples as the number of jackknife groups', async () => {
    const m = await naturalMatrix(models.slice(0, 2), randomImages(30, 8), { bootstrapResamples: 6 });
    expect(m.cells[0]![1]!.interval!.groups).toBe(6);
    expect(m.intervalGroups).toBe(6);
  });

  it('gives every cell over the same inputs the same groups, so replicates average across cells', async () => {
    const m = await naturalMatrix(models, randomImages(30, 8), { intervalGroups: 5, seed: 2 });
    const groups = createInputGroups(30, 5, 2);
    const images = randomImages(30, 8);
    const reps = models.map((model) => directRep(model.model, images));
    const kept = Array.from({ length: 30 }, (_, i) => i).filter((i) => groups.groupOf[i] !== 3);
    const take = (t: tf.Tensor) => tf.gather(t, kept);
    for (const [r, c] of [
      [0, 1],
      [1, 2],
    ] as const) {
      const [x, y] = [take(reps[r]!), take(reps[c]!)];
      expect(m.cells[r]![c]!.debiased!.replicates![3]).toBeCloseTo(
        (await cka(x, y, { metric: 'debiased' })).value,
        5,
      );
      tf.dispose([x, y]);
    }
    tf.dispose(reps);
  });

  it('refuses intervals for metrics whose coverage is not measured, and still gives their null p-value', async () => {
    const images = randomImages(20, 3);
    await expect(naturalMatrix(models, images, { metric: 'rbf', intervalGroups: 5 })).rejects.toThrow(
      /linear and debiased CKA only/,
    );
    const m = await naturalMatrix(models.slice(0, 2), images, { metric: 'rbf', nullPermutations: 3 });
    expect(m.cells[0]![1]!.nullBaseline!.pValue).toBeGreaterThan(0);
    expect(m.cells[0]![1]!.biased).toBeUndefined();
  });

  it('accepts another metric and reports it', async () => {
    const m = await naturalMatrix(models, randomImages(30, 9), { metric: 'debiased' });
    expect(m.metric).toBe('debiased');
    const plain = await naturalMatrix(models, randomImages(30, 9));
    expect(m.values[0]![1]).not.toBeCloseTo(plain.values[0]![1]!, 4);
  });

  it('stops with CancelledError when the signal has fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(naturalMatrix(models, randomImages(10, 1), { signal: controller.signal })).rejects.toThrow(
      CancelledError,
    );
  });

  it('refuses a single model and repeated ids', async () => {
    const images = randomImages(10, 1);
    await expect(naturalMatrix(models.slice(0, 1), images)).rejects.toThrow(InvalidArgumentError);
    await expect(naturalMatrix([models[0]!, { ...models[1]!, id: 'a' }], images)).rejects.toThrow(
      /appears twice/,
    );
  });
});

describe('invertedMatrix', () => {
  it("compares every model on the row model's own inverted images", async () => {
    const inversions = [randomImages(24, 11), randomImages(24, 12), randomImages(24, 13)];
    const progress: string[] = [];
    const m = await invertedMatrix(models, inversions, {
      onProgress: (p) => progress.push(`${p.stage}:${p.done}/${p.total}`),
    });
    for (let r = 0; r < 3; r++) {
      const reps = models.map((model) => directRep(model.model, inversions[r]!));
      for (let c = 0; c < 3; c++) {
        expect(m.values[r]![c]).toBeCloseTo((await cka(reps[r]!, reps[c]!)).value, 5);
      }
      tf.dispose(reps);
      expect(m.values[r]![r]).toBeCloseTo(1, 5);
    }
    // Row 0 and row 1 see different images, so the matrix is not symmetric.
    expect(Math.abs(m.values[0]![1]! - m.values[1]![0]!)).toBeGreaterThan(1e-4);
    expect(m.offDiagonalMean).toBeCloseTo(offDiagonalMean(m.values), 12);
    expect(progress.at(-1)).toBe('cells:18/18');
  });

  it('refuses a number of inverted sets that differs from the number of models', async () => {
    await expect(invertedMatrix(models, [randomImages(8, 1)])).rejects.toThrow(/one per model/);
  });
});
