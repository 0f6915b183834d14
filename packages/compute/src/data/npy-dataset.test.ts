import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFormatError, NotFoundError, ShapeMismatchError } from '../errors.js';
import { writeNpyFile } from './npy.js';
import { loadNpyDataset } from './npy-dataset.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'simlab-npyds-'));
  await writeNpyFile(path.join(dir, 'labels.npy'), Int32Array.of(1, 0, 1), [3]);
  await writeNpyFile(
    path.join(dir, 'u8.npy'),
    Uint8Array.from({ length: 12 }, (_, i) => i * 20),
    [3, 2, 2],
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = (name: string) => path.join(dir, name);

describe('loadNpyDataset', () => {
  it('scales uint8 (N, H, W) images by 1/255 into one channel', async () => {
    const ds = await loadNpyDataset({ images: file('u8.npy'), labels: file('labels.npy') });
    expect(ds.imageShape).toEqual([2, 2, 1]);
    expect(ds.count).toBe(3);
    expect(ds.images[11]).toBeCloseTo(220 / 255, 7);
    expect(ds.classNames).toEqual(['0', '1']);
    expect(ds.name).toBe('u8');
  });

  it('keeps float (N, H, W, C) images in [0, 1] as they are, with the same hash as equal uint8 data', async () => {
    const bytes = Uint8Array.from({ length: 3 * 2 * 1 * 3 }, (_, i) => (i * 37) % 256);
    await writeNpyFile(file('u8c.npy'), bytes, [3, 2, 1, 3]);
    await writeNpyFile(
      file('f64c.npy'),
      Float64Array.from(bytes, (v) => v / 255),
      [3, 2, 1, 3],
    );
    const a = await loadNpyDataset({ images: file('u8c.npy'), labels: file('labels.npy') });
    const b = await loadNpyDataset({
      images: file('f64c.npy'),
      labels: file('labels.npy'),
      classNames: ['x', 'y'],
    });
    expect(b.imageShape).toEqual([2, 1, 3]);
    expect(b.classNames).toEqual(['x', 'y']);
    expect(b.hash).toBe(a.hash);
  });

  it('refuses float pixels outside [0, 1] with the value and how to fix it', async () => {
    await writeNpyFile(
      file('f32-255.npy'),
      Float32Array.from({ length: 12 }, (_, i) => i * 20),
      [3, 2, 2],
    );
    const error = await loadNpyDataset({ images: file('f32-255.npy'), labels: file('labels.npy') }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as Error).message).toMatch(/pixel value 20 at flat index 1 is outside \[0, 1\].*divide/);
  });

  it('refuses label counts, ranks and dtypes that do not fit, and missing files', async () => {
    await writeNpyFile(file('four.npy'), new Uint8Array(16), [4, 2, 2]);
    await expect(loadNpyDataset({ images: file('four.npy'), labels: file('labels.npy') })).rejects.toThrow(
      ShapeMismatchError,
    );
    await writeNpyFile(file('flat.npy'), new Uint8Array(12), [3, 4]);
    await expect(loadNpyDataset({ images: file('flat.npy'), labels: file('labels.npy') })).rejects.toThrow(
      /expected \(N, H, W\) or \(N, H, W, C\)/,
    );
    await writeNpyFile(file('i32.npy'), new Int32Array(12), [3, 2, 2]);
    await expect(loadNpyDataset({ images: file('i32.npy'), labels: file('labels.npy') })).rejects.toThrow(
      /dtype i4 are not supported/,
    );
    await writeNpyFile(file('flabels.npy'), Float32Array.of(0, 1, 1), [3]);
    await expect(loadNpyDataset({ images: file('u8.npy'), labels: file('flabels.npy') })).rejects.toThrow(
      /not class indices/,
    );
    await expect(loadNpyDataset({ images: file('nope.npy'), labels: file('labels.npy') })).rejects.toThrow(
      NotFoundError,
    );
  });
});
