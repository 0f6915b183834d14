import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFormatError, NotFoundError, ShapeMismatchError } from '../errors.js';
import { loadPngFolder } from './png-folder.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'simlab-png-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes a PNG whose pixel (x, y) has colour `rgb(x, y)` and alpha `alpha` (255 unless given). */
async function writePng(
  file: string,
  width: number,
  height: number,
  rgb: (x: number, y: number) => [number, number, number],
  alpha = 255,
): Promise<void> {
  const png = new pngjs.PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      png.data.set([...rgb(x, y), alpha], (y * width + x) * 4);
    }
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, pngjs.PNG.sync.write(png));
}

const gray = (v: number) => (): [number, number, number] => [v, v, v];

describe('loadPngFolder', () => {
  it('reads grey images as one channel, classes as sorted sub-folder names, files in sorted order', async () => {
    const dir = path.join(root, 'gray');
    await writePng(path.join(dir, 'zebra', 'b.png'), 3, 2, gray(51));
    await writePng(path.join(dir, 'zebra', 'a.png'), 3, 2, (x, y) => [x * 10 + y, x * 10 + y, x * 10 + y]);
    await writePng(path.join(dir, 'apple', '1.png'), 3, 2, gray(255));
    await writeFile(path.join(dir, 'zebra', 'notes.txt'), 'not an image');
    const ds = await loadPngFolder(dir);
    expect(ds.name).toBe('gray');
    expect(ds.classNames).toEqual(['apple', 'zebra']);
    expect(ds.imageShape).toEqual([2, 3, 1]);
    expect(Array.from(ds.labels)).toEqual([0, 1, 1]);
    expect(ds.images.subarray(0, 6)).toEqual(new Float32Array(6).fill(1));
    // zebra/a.png comes before zebra/b.png; pixel (x=2, y=1) is 21.
    expect(ds.images[6 + 1 * 3 + 2]).toBeCloseTo(21 / 255, 7);
    expect(ds.images[12]).toBeCloseTo(51 / 255, 7);
  });

  it('reads every image as RGB when any pixel is coloured', async () => {
    const dir = path.join(root, 'rgb');
    await writePng(path.join(dir, 'a', 'x.png'), 2, 2, gray(0));
    await writePng(path.join(dir, 'b', 'y.png'), 2, 2, () => [255, 0, 102]);
    const ds = await loadPngFolder(dir);
    expect(ds.imageShape).toEqual([2, 2, 3]);
    expect(Array.from(ds.images.subarray(12, 15))).toEqual([1, 0, Math.fround(102 / 255)]);
  });

  it('refuses mixed image sizes, naming both files and their sizes', async () => {
    const dir = path.join(root, 'mixed');
    await writePng(path.join(dir, 'a', '1.png'), 4, 3, gray(0));
    await writePng(path.join(dir, 'b', '2.png'), 5, 3, gray(0));
    const error = await loadPngFolder(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShapeMismatchError);
    const message = (error as Error).message;
    expect(message).toContain(`${path.join(dir, 'a', '1.png')} is 3x4`);
    expect(message).toContain(`${path.join(dir, 'b', '2.png')} is 3x5`);
  });

  it('refuses transparent pixels, corrupt PNGs, empty classes and missing folders', async () => {
    const alpha = path.join(root, 'alpha');
    await writePng(path.join(alpha, 'a', '1.png'), 2, 2, gray(9), 128);
    await expect(loadPngFolder(alpha)).rejects.toThrow(/transparent pixels \(alpha 128 at x=0, y=0\)/);

    const corrupt = path.join(root, 'corrupt');
    await mkdir(path.join(corrupt, 'a'), { recursive: true });
    await writeFile(path.join(corrupt, 'a', 'bad.png'), 'definitely not a png');
    await expect(loadPngFolder(corrupt)).rejects.toThrow(/bad\.png is not a readable PNG/);

    const empty = path.join(root, 'empty');
    await writePng(path.join(empty, 'a', '1.png'), 2, 2, gray(9));
    await mkdir(path.join(empty, 'b'));
    await expect(loadPngFolder(empty)).rejects.toThrow(DataFormatError);

    await expect(loadPngFolder(path.join(root, 'missing'))).rejects.toThrow(NotFoundError);
  });
});
