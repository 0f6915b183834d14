import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { loadMnist } from '../data/mnist.js';
import { InvalidArgumentError } from '../errors.js';
import { noiseImages } from '../invert/noise-seeds.js';
import { createRepresentationModel } from '../models/representation.js';
import { createSmallCnn } from '../test-support/inversion-models.js';
import { assembleStirMatrix, stirDirections, stirMatrix } from './stir-matrix.js';

let models: tfl.LayersModel[];
let natural: Float32Array;
let inverted: Float32Array[];
const n = 12;

beforeAll(async () => {
  await initBackend();
  models = [createSmallCnn(1), createSmallCnn(2)];
  natural = loadMnist().images.slice(6000 * 784, (6000 + n) * 784);
  // Any image sets will do for the arithmetic: the matrix is a pure function of X and the X'_r.
  inverted = [3, 4].map((seed) => noiseImages([n, 28, 28, 1], { distribution: 'uniform', seed }).data);
});

afterAll(() => {
  for (const m of models) m.dispose();
});

/** rep(images) [n][d] in float64, straight from the model. */
function rep(model: tfl.LayersModel, images: Float32Array): number[][] {
  const r = createRepresentationModel(model);
  const out = tf.tidy(() => r.represent(tf.tensor4d(images, [n, 28, 28, 1])).arraySync());
  return out as number[][];
}

/** Linear CKA by its definition (SPEC §3), columns centred, in float64. */
function directLinearCka(a: number[][], b: number[][]): number {
  const centre = (m: number[][]) => {
    const means = m[0]!.map((_, j) => m.reduce((s, row) => s + row[j]!, 0) / m.length);
    return m.map((row) => row.map((v, j) => v - means[j]!));
  };
  const [x, y] = [centre(a), centre(b)];
  const frob2 = (p: number[][], q: number[][]) => {
    let total = 0;
    for (let i = 0; i < p[0]!.length; i++) {
      for (let j = 0; j < q[0]!.length; j++) {
        let dot = 0;
        for (let k = 0; k < p.length; k++) dot += p[k]![i]! * q[k]![j]!;
        total += dot * dot;
      }
    }
    return total;
  };
  return frob2(x, y) / Math.sqrt(frob2(x, x) * frob2(y, y));
}

describe('stirMatrix', () => {
  it("cell [r][c] is CKA(rep_c(X), rep_c(X'_r)), computed directly, and the matrix is not symmetric", async () => {
    const ticks: number[] = [];
    const matrix = await stirMatrix(
      models.map((model, i) => ({ id: `cnn${i + 1}`, model })),
      natural,
      inverted,
      { onProgress: (done) => ticks.push(done) },
    );
    expect(matrix.kind).toBe('stir');
    expect(matrix.ids).toEqual(['cnn1', 'cnn2']);
    expect(matrix.layers).toEqual(['representation', 'representation']);
    for (let r = 0; r < 2; r++) {
      for (let c = 0; c < 2; c++) {
        const expected = directLinearCka(rep(models[c]!, natural), rep(models[c]!, inverted[r]!));
        expect(matrix.values[r]![c]).toBeCloseTo(expected, 5);
        expect(matrix.cells[r]![c]).toMatchObject({ n, p: 32, q: 32 });
      }
    }
    expect(Math.abs(matrix.values[0]![1]! - matrix.values[1]![0]!)).toBeGreaterThan(1e-3);
    expect(matrix.rowMeans[0]).toBeCloseTo(matrix.values[0]![1]!, 12); // the other models' cells of row r
    expect(matrix.columnMeans[0]).toBeCloseTo(matrix.values[1]![0]!, 12);
    expect(ticks).toEqual([1, 2, 3, 4]);
    expect(stirDirections(matrix)).toEqual([
      { a: 'cnn1', b: 'cnn2', stirBGivenA: matrix.values[0]![1], stirAGivenB: matrix.values[1]![0] },
    ]);
  });

  it("refuses an X' missing for a model, X' of another size, and an incomplete set of cells", async () => {
    const ids = models.map((model, i) => ({ id: `m${i}`, model }));
    await expect(stirMatrix(ids, natural, [inverted[0]!])).rejects.toThrow(
      /1 inverted image sets for 2 models/,
    );
    await expect(stirMatrix(ids, natural, [inverted[0]!, inverted[1]!.subarray(784)])).rejects.toThrow(
      InvalidArgumentError,
    );
    const cell = { value: 1, n, p: 1, q: 1 };
    expect(() =>
      assembleStirMatrix(['a', 'b'], ['r', 'r'], [{ row: 0, column: 0, cell }], { metric: 'linear' }),
    ).toThrow(/the STIR cells miss \(a, b\)/);
  });
});
