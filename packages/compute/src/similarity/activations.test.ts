import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { DegenerateInputError, InvalidArgumentError, NonFiniteError, ShapeMismatchError } from '../errors.js';
import { type Activations, toActivations, validateActivations } from './activations.js';
import { cka } from './cka.js';

const grid = (n: number, p: number, f: (i: number, j: number) => number): Activations => {
  const data = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) data[i * p + j] = f(i, j);
  return { data, n, p };
};
const varied = (n: number, p: number) => grid(n, p, (i, j) => Math.sin(i * 1.3 + j * 0.7) + i * j * 0.01);

beforeAll(async () => {
  await initBackend();
});

describe('toActivations', () => {
  it('reads a tensor, flattening everything after the first axis', () => {
    const t = tf.tensor4d(
      Float32Array.from({ length: 5 * 2 * 2 * 3 }, (_, k) => k),
      [5, 2, 2, 3],
    );
    const a = toActivations(t);
    t.dispose();
    expect(a).toMatchObject({ n: 5, p: 12 });
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(a.data[13]).toBe(13);
  });

  it('reads nested rows as float64 and refuses ragged rows', () => {
    const a = toActivations([
      [1, 2],
      [3, 4],
    ]);
    expect(a).toEqual({ data: Float64Array.from([1, 2, 3, 4]), n: 2, p: 2 });
    expect(() => toActivations([[1, 2], [3]])).toThrow(ShapeMismatchError);
    expect(() => toActivations([[1, 2], [3]])).toThrow(/row 1 has 1 values but row 0 has 2/);
  });

  it('passes Activations through and refuses a data length that is not n * p', () => {
    const a = varied(4, 3);
    expect(toActivations(a)).toBe(a);
    expect(() => toActivations({ data: new Float32Array(11), n: 4, p: 3 })).toThrow(InvalidArgumentError);
    expect(() => toActivations({ data: new Float32Array(11), n: 4, p: 3 })).toThrow(/n=4, p=3 but hold 11/);
  });

  it('refuses a rank-1 tensor', () => {
    const t = tf.tensor1d([1, 2, 3]);
    expect(() => toActivations(t)).toThrow(ShapeMismatchError);
    t.dispose();
  });
});

describe('validateActivations', () => {
  it('accepts well-formed pairs with different widths', () => {
    expect(() => validateActivations(varied(10, 3), varied(10, 7))).not.toThrow();
  });

  it('quotes both shapes when n differs', () => {
    const check = () => validateActivations(varied(10, 3), varied(9, 5));
    expect(check).toThrow(ShapeMismatchError);
    expect(check).toThrow('activations A are 10 x 3 and B are 9 x 5');
  });

  it('refuses fewer than 4 inputs', () => {
    expect(() => validateActivations(varied(3, 2), varied(3, 2))).toThrow(DegenerateInputError);
    expect(() => validateActivations(varied(3, 2), varied(3, 2))).toThrow(/at least 4 inputs .* n=3/);
  });

  it('names side, row and column of the first NaN or Infinity', () => {
    const b = varied(6, 4);
    b.data[2 * 4 + 3] = Number.NaN;
    b.data[4 * 4 + 1] = Number.POSITIVE_INFINITY;
    const check = () => validateActivations(varied(6, 2), b);
    expect(check).toThrow(NonFiniteError);
    expect(check).toThrow('activations B hold NaN at row 2, column 3');
    const a = varied(6, 2);
    a.data[5 * 2] = Number.NEGATIVE_INFINITY;
    expect(() => validateActivations(a, varied(6, 2))).toThrow(
      'activations A hold -Infinity at row 5, column 0',
    );
  });

  it('calls a side whose every unit is constant a dead layer', () => {
    const dead = grid(8, 5, (_, j) => j * 2); // each column constant, columns different
    const check = () => validateActivations(varied(8, 3), dead);
    expect(check).toThrow(DegenerateInputError);
    expect(check).toThrow(/every one of the 5 units of activations B is constant .* layer looks dead/);
  });

  it('accepts a side with some constant units as long as one varies', () => {
    const partly = grid(8, 3, (i, j) => (j === 1 ? i : 0));
    expect(() => validateActivations(partly, varied(8, 2))).not.toThrow();
  });

  it('refuses a side with no units', () => {
    expect(() => validateActivations({ data: new Float32Array(0), n: 5, p: 0 }, varied(5, 2))).toThrow(
      /have no units/,
    );
  });

  it('is applied by every metric', async () => {
    for (const metric of ['linear', 'debiased', 'rbf', 'minibatch'] as const) {
      await expect(cka(varied(10, 3), varied(9, 3), { metric })).rejects.toThrow(ShapeMismatchError);
      await expect(cka(varied(3, 3), varied(3, 3), { metric })).rejects.toThrow(DegenerateInputError);
    }
  });
});
