/**
 * Datasets from IDX file pairs: finds `<prefix>-images-idx3-ubyte[.gz]` and `<prefix>-labels-idx1-ubyte[.gz]`
 * in a directory (a '.' instead of the '-' before idx is accepted too), picks the split, and reads both.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import { createDataset, type Dataset } from './dataset.js';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, isFashionMnistDir } from './fashion-mnist.js';
import { idxToImages, idxToLabels, readIdxFile } from './idx.js';
import { assertLabelCount } from './validate.js';

export type IdxSplit = 'train' | 'test';

export interface IdxDatasetOptions {
  /**
   * Which file pair in a directory: 'test' (prefix t10k or test, default) or 'train' (prefix train).
   * Without a split, a directory holding exactly one images and one labels file uses them whatever the prefix.
   */
  split?: IdxSplit;
  /** Default: 'fashion-mnist' for a Fashion-MNIST directory, else the directory's name. */
  name?: string;
  /** Default: the Fashion-MNIST names for a Fashion-MNIST directory, else '0'..String(max label). */
  classNames?: string[];
}

const IDX_FILE = /^(.*?)[-.](images|labels)[-.]idx([13])-ubyte(\.gz)?$/;

/**
 * Loads images and labels from an IDX directory (or an explicit `{ images, labels }` pair of files).
 * Pixels become byte / 255; images are [n, rows, cols, 1].
 * @throws NotFoundError for a missing directory or split; DataFormatError for a bad or truncated file;
 * ShapeMismatchError when the label count differs from the image count.
 */
export async function loadIdxDataset(
  source: string | { images: string; labels: string },
  options: IdxDatasetOptions = {},
): Promise<Dataset> {
  const files = typeof source === 'string' ? await findIdxPair(source, options.split) : source;
  const dir = path.dirname(files.images);
  const fashion = isFashionMnistDir(dir);
  const [imageArray, labelArray] = await Promise.all([
    readIdxFile(files.images, 3),
    readIdxFile(files.labels, 1),
  ]);
  const { images, imageShape, count } = idxToImages(imageArray);
  const labels = idxToLabels(labelArray);
  assertLabelCount(count, labels.length, `${files.images} with ${files.labels}`);
  const numClasses = labels.reduce((m, l) => Math.max(m, l), 0) + 1;
  const classNames =
    options.classNames ??
    (fashion ? FASHION_MNIST_CLASSES : Array.from({ length: numClasses }, (_, i) => `${i}`));
  return createDataset({
    name: options.name ?? (fashion ? 'fashion-mnist' : path.basename(path.resolve(dir))),
    source: files.images,
    images,
    labels,
    imageShape,
    classNames: [...classNames],
  });
}

/**
 * Fashion-MNIST from the Debian package (or `dir`): the 10,000-image test split by default.
 * @throws NotFoundError saying how to install it when the directory is absent.
 */
export async function loadFashionMnist(options: { split?: IdxSplit; dir?: string } = {}): Promise<Dataset> {
  const dir = options.dir ?? FASHION_MNIST_DIR;
  if (!(await isDirectory(dir))) {
    throw new NotFoundError(
      `Fashion-MNIST not found at ${dir}; install it with \`apt-get install dataset-fashion-mnist\` ` +
        'or pass the directory that holds its IDX files',
    );
  }
  return loadIdxDataset(dir, {
    split: options.split,
    name: 'fashion-mnist',
    classNames: FASHION_MNIST_CLASSES,
  });
}

/** True when `dir` holds at least one IDX images file. */
export async function hasIdxFiles(dir: string): Promise<boolean> {
  const names = await readdir(dir);
  return names.some((n) => IDX_FILE.exec(n)?.[2] === 'images');
}

async function findIdxPair(
  dir: string,
  requested: IdxSplit | undefined,
): Promise<{ images: string; labels: string }> {
  const split = requested ?? 'test';
  if (split !== 'train' && split !== 'test') {
    throw new InvalidArgumentError(`split ${JSON.stringify(split)} is not 'train' or 'test'`);
  }
  if (!(await isDirectory(dir))) {
    throw new NotFoundError(`IDX directory ${dir} does not exist; pass a directory that holds IDX files`);
  }
  const names = (await readdir(dir)).sort();
  const find = (kind: 'images' | 'labels'): string | undefined => {
    const ofKind = names.filter((n) => {
      const m = IDX_FILE.exec(n);
      return m?.[2] === kind && m[3] === (kind === 'images' ? '3' : '1');
    });
    const inSplit = ofKind.filter((n) => splitOf(IDX_FILE.exec(n)![1]!) === split);
    const matches = inSplit.length === 0 && requested === undefined && ofKind.length === 1 ? ofKind : inSplit;
    // Prefer the uncompressed file when both exist: it reads faster and holds the same data.
    return matches.find((n) => !n.endsWith('.gz')) ?? matches[0];
  };
  const images = find('images');
  const labels = find('labels');
  if (!images || !labels) {
    const idx = names.filter((n) => IDX_FILE.test(n));
    throw new NotFoundError(
      `${dir} has no ${split} ${images ? 'labels' : 'images'} IDX file (looked for ` +
        `${split === 'test' ? 't10k-* or test-*' : 'train-*'}-${images ? 'labels-idx1' : 'images-idx3'}-ubyte[.gz]; ` +
        `found ${idx.length ? idx.join(', ') : 'no IDX files'}); choose the other split or add the file`,
    );
  }
  return { images: path.join(dir, images), labels: path.join(dir, labels) };
}

function splitOf(prefix: string): IdxSplit | undefined {
  if (/^(t10k|test)/i.test(prefix)) return 'test';
  if (/^train/i.test(prefix)) return 'train';
  return undefined;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}
