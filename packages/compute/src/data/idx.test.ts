import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFormatError, NotFoundError, ShapeMismatchError } from '../errors.js';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR } from './fashion-mnist.js';
import { parseIdx } from './idx.js';
import { loadFashionMnist, loadIdxDataset } from './idx-dataset.js';

/** Big-endian IDX bytes: 0x00 0x00 0x08 ndims, the sizes, then the values. */
function encodeIdx(dims: number[], values: number[], magic = 0x0800 | dims.length): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  for (const [i, d] of dims.entries()) header.writeUInt32BE(d, 4 + 4 * i);
  return Buffer.concat([header, Buffer.from(values)]);
}

// Three 2x3 images with pixel k at value 10 * image + k, labels 2, 0, 1.
const IMAGES = encodeIdx(
  [3, 2, 3],
  Array.from({ length: 18 }, (_, i) => 10 * Math.floor(i / 6) + (i % 6)),
);
const LABELS = encodeIdx([3], [2, 0, 1]);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'simlab-idx-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function dirWith(name: string, files: Record<string, Buffer>): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) await writeFile(path.join(dir, file), bytes);
  return dir;
}

describe('loadIdxDataset', () => {
  it('reads raw and gzip files to the same dataset, with pixels byte / 255 in NHWC', async () => {
    const raw = await dirWith('raw', { 't10k-images-idx3-ubyte': IMAGES, 't10k-labels-idx1-ubyte': LABELS });
    const gz = await dirWith('gz', {
      't10k-images-idx3-ubyte.gz': gzipSync(IMAGES),
      't10k-labels-idx1-ubyte.gz': gzipSync(LABELS),
    });
    const a = await loadIdxDataset(raw);
    const b = await loadIdxDataset(gz);
    expect(a.count).toBe(3);
    expect(a.imageShape).toEqual([2, 3, 1]);
    expect(Array.from(a.labels)).toEqual([2, 0, 1]);
    expect(a.images[6 + 4]).toBeCloseTo(14 / 255, 7);
    expect(a.classNames).toEqual(['0', '1', '2']);
    expect(a.name).toBe('raw');
    expect(b.hash).toBe(a.hash);
  });

  it('detects gzip by its magic bytes, not by the file name', async () => {
    const dir = await dirWith('gz-no-suffix', {
      'test-images-idx3-ubyte': gzipSync(IMAGES),
      'test-labels-idx1-ubyte': LABELS,
    });
    expect((await loadIdxDataset(dir)).count).toBe(3);
  });

  it('picks the train or test pair by prefix, test by default', async () => {
    const dir = await dirWith('splits', {
      't10k-images-idx3-ubyte': IMAGES,
      't10k-labels-idx1-ubyte': LABELS,
      'train-images-idx3-ubyte': encodeIdx([1, 2, 3], [1, 2, 3, 4, 5, 6]),
      'train-labels-idx1-ubyte': encodeIdx([1], [4]),
    });
    expect((await loadIdxDataset(dir)).count).toBe(3);
    const train = await loadIdxDataset(dir, { split: 'train' });
    expect(train.count).toBe(1);
    expect(train.classNames).toHaveLength(5);
    expect(train.source).toBe(path.join(dir, 'train-images-idx3-ubyte'));
  });

  it('refuses a bad magic number, quoting it in hex', async () => {
    const dir = await dirWith('bad-magic', {
      't10k-images-idx3-ubyte': LABELS,
      't10k-labels-idx1-ubyte': LABELS,
    });
    const error = await loadIdxDataset(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as Error).message).toMatch(/bad magic number 0x00000801, expected 0x00000803/);
    expect(() => parseIdx(encodeIdx([1], [0], 0x12345678), 1, 'x')).toThrow(/0x12345678/);
  });

  it('refuses a truncated file with expected and actual byte counts', async () => {
    const dir = await dirWith('truncated', {
      't10k-images-idx3-ubyte': IMAGES.subarray(0, IMAGES.length - 5),
      't10k-labels-idx1-ubyte': LABELS,
    });
    await expect(loadIdxDataset(dir)).rejects.toThrow(
      /truncated: header 3x2x3 needs 18 data bytes .* found 13/,
    );
    expect(() => parseIdx(IMAGES.subarray(0, 9), 3, 'x')).toThrow(/expected 16 bytes, found 9/);
  });

  it('refuses a truncated gzip stream', async () => {
    const gz = gzipSync(IMAGES);
    const dir = await dirWith('truncated-gz', {
      't10k-images-idx3-ubyte.gz': gz.subarray(0, gz.length - 8),
      't10k-labels-idx1-ubyte': LABELS,
    });
    await expect(loadIdxDataset(dir)).rejects.toThrow(DataFormatError);
  });

  it('refuses a label count that differs from the image count', async () => {
    const dir = await dirWith('count', {
      't10k-images-idx3-ubyte': IMAGES,
      't10k-labels-idx1-ubyte': encodeIdx([2], [0, 1]),
    });
    const error = await loadIdxDataset(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShapeMismatchError);
    expect((error as Error).message).toMatch(/3 images but 2 labels/);
  });

  it('says what it looked for when a directory or a split is missing', async () => {
    await expect(loadIdxDataset(path.join(root, 'nope'))).rejects.toThrow(NotFoundError);
    const dir = await dirWith('only-test', {
      't10k-images-idx3-ubyte': IMAGES,
      't10k-labels-idx1-ubyte': LABELS,
    });
    await expect(loadIdxDataset(dir, { split: 'train' })).rejects.toThrow(
      /no train images IDX file .*train-\*/,
    );
  });
});

describe('loadFashionMnist', () => {
  it('points to the Debian package when the directory is absent', async () => {
    await expect(loadFashionMnist({ dir: path.join(root, 'absent') })).rejects.toThrow(
      /apt-get install dataset-fashion-mnist/,
    );
  });

  const installed = existsSync(FASHION_MNIST_DIR);
  it.skipIf(!installed)(
    `loads the 10,000 test images from ${FASHION_MNIST_DIR} and hashes them as numpy does` +
      (installed ? '' : ' (skipped: the directory is absent; apt-get install dataset-fashion-mnist)'),
    async () => {
      const ds = await loadFashionMnist();
      expect(ds.name).toBe('fashion-mnist');
      expect(ds.count).toBe(10_000);
      expect(ds.imageShape).toEqual([28, 28, 1]);
      expect(ds.classNames).toEqual(FASHION_MNIST_CLASSES);
      // The test split holds exactly 1,000 images per class.
      const perClass = new Array<number>(10).fill(0);
      for (const label of ds.labels) perClass[label] = (perClass[label] ?? 0) + 1;
      expect(perClass).toEqual(new Array(10).fill(1000));
      const reference = execFileSync('python3', ['-c', NUMPY_FASHION_HASH, FASHION_MNIST_DIR], {
        encoding: 'utf8',
      });
      expect(ds.hash).toBe(reference.trim());
    },
  );
});

// Independent reference: numpy reads the gzip IDX files and hashes them by datasetHash's definition.
const NUMPY_FASHION_HASH = `
import gzip, hashlib, sys, numpy as np
d = sys.argv[1]
x = np.frombuffer(gzip.open(d + '/t10k-images-idx3-ubyte.gz').read(), np.uint8, offset=16)
y = np.frombuffer(gzip.open(d + '/t10k-labels-idx1-ubyte.gz').read(), np.uint8, offset=8)
h = hashlib.sha256(f'simlab-dataset-v1\\n{len(y)}x28x28x1\\n'.encode())
h.update((x.astype(np.float64) / 255).astype('<f4').tobytes())
h.update(y.astype('<i4').tobytes())
print(h.hexdigest())
`;
