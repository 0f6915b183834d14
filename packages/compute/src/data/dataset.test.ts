import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { DataFormatError, InvalidArgumentError, NonFiniteError, ShapeMismatchError } from '../errors.js';
import {
  createDataset,
  type DatasetParts,
  datasetHash,
  imagesTensor,
  labelsTensor,
  subsetDataset,
} from './dataset.js';

beforeAll(async () => {
  await initBackend();
});

/** Four 2x3 RGB images; pixel values distinct per image. */
function parts(overrides: Partial<DatasetParts> = {}): DatasetParts {
  return {
    name: 'tiny',
    source: 'test',
    images: Float32Array.from({ length: 4 * 18 }, (_, i) => (i % 97) / 96),
    labels: Int32Array.of(0, 2, 1, 2),
    imageShape: [2, 3, 3],
    classNames: ['a', 'b', 'c'],
    ...overrides,
  };
}

describe('createDataset', () => {
  it('fills in count and a 64-hex-digit hash', () => {
    const ds = createDataset(parts());
    expect(ds.count).toBe(4);
    expect(ds.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses labels that do not match the images, quoting both counts', () => {
    expect(() => createDataset(parts({ labels: Int32Array.of(0, 1, 2) }))).toThrow(ShapeMismatchError);
    expect(() => createDataset(parts({ labels: Int32Array.of(0, 1, 2) }))).toThrow(/4 images but 3 labels/);
    expect(() => createDataset(parts({ images: new Float32Array(70) }))).toThrow(/70 pixel values/);
  });

  it('refuses a label outside the class range, quoting label and index', () => {
    expect(() => createDataset(parts({ labels: Int32Array.of(0, 1, 3, 2) }))).toThrow(DataFormatError);
    expect(() => createDataset(parts({ labels: Int32Array.of(0, -1, 1, 2) }))).toThrow(
      /label -1 at index 1 .*0\.\.2/,
    );
  });

  it('refuses pixels outside [0, 1] and NaN, and duplicate class names', () => {
    const images = parts().images.slice();
    images[5] = 1.5;
    expect(() => createDataset(parts({ images }))).toThrow(
      /pixel value 1.5 at flat index 5 is outside \[0, 1\]/,
    );
    images[5] = Number.NaN;
    expect(() => createDataset(parts({ images }))).toThrow(NonFiniteError);
    expect(() => createDataset(parts({ classNames: ['a', 'a', 'c'] }))).toThrow(/repeat a name/);
  });
});

describe('datasetHash', () => {
  it('is the same for equal content from different sources and names', () => {
    const a = createDataset(parts());
    const b = createDataset(parts({ name: 'other', source: 'elsewhere', images: parts().images.slice() }));
    expect(b.hash).toBe(a.hash);
    expect(datasetHash(a)).toBe(a.hash);
  });

  it('changes when one pixel moves by one float32 step, one label changes, or the shape changes', () => {
    const base = createDataset(parts()).hash;
    const images = parts().images.slice();
    images[40] = Math.fround(images[40]! + 2 ** -20);
    expect(createDataset(parts({ images })).hash).not.toBe(base);
    expect(createDataset(parts({ labels: Int32Array.of(0, 2, 1, 1) })).hash).not.toBe(base);
    // Same bytes, images read as 3x2 instead of 2x3.
    expect(createDataset(parts({ imageShape: [3, 2, 3] })).hash).not.toBe(base);
  });

  it('matches a reference digest computed by hand over the documented byte layout', async () => {
    const { createHash } = await import('node:crypto');
    const ds = createDataset(parts());
    const reference = createHash('sha256')
      .update('simlab-dataset-v1\n4x2x3x3\n')
      .update(Buffer.from(ds.images.buffer))
      .update(Buffer.from(ds.labels.buffer))
      .digest('hex');
    expect(ds.hash).toBe(reference);
  });
});

describe('subsetDataset', () => {
  it('keeps the chosen images and labels in order and rehashes', () => {
    const ds = createDataset(parts());
    const sub = subsetDataset(ds, [3, 1]);
    expect(sub.count).toBe(2);
    expect(Array.from(sub.labels)).toEqual([2, 2]);
    expect(sub.images.subarray(0, 18)).toEqual(ds.images.subarray(54, 72));
    expect(sub.hash).not.toBe(ds.hash);
    expect(subsetDataset(ds, [0, 1, 2, 3]).hash).toBe(ds.hash);
  });

  it('refuses indices outside the dataset and an empty list', () => {
    const ds = createDataset(parts());
    expect(() => subsetDataset(ds, [0, 4])).toThrow(/index 4 \(position 1\) is outside dataset tiny/);
    expect(() => subsetDataset(ds, [])).toThrow(InvalidArgumentError);
  });
});

describe('imagesTensor and labelsTensor', () => {
  it('return NHWC float32 images and int32 labels, leaving exactly the returned tensors allocated', () => {
    const ds = createDataset(parts());
    const before = tf.memory().numTensors;
    const all = imagesTensor(ds);
    const some = imagesTensor(ds, [2]);
    const labels = labelsTensor(ds, [3, 0]);
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(all.shape).toEqual([4, 2, 3, 3]);
    expect(all.dtype).toBe('float32');
    expect(some.shape).toEqual([1, 2, 3, 3]);
    expect(some.dataSync()).toEqual(ds.images.subarray(36, 54));
    expect(labels.dtype).toBe('int32');
    expect(Array.from(labels.dataSync())).toEqual([2, 0]);
    tf.dispose([all, some, labels]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a bad index without allocating a tensor', () => {
    const ds = createDataset(parts());
    const before = tf.memory().numTensors;
    expect(() => imagesTensor(ds, [1.5])).toThrow(InvalidArgumentError);
    expect(() => labelsTensor(ds, [-1])).toThrow(InvalidArgumentError);
    expect(tf.memory().numTensors).toBe(before);
  });
});
