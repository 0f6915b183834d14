/**
 * One entry point for every dataset source the CLI and the server accept: a built-in name or a path.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { hasIdxFiles, type IdxSplit, loadFashionMnist, loadIdxDataset } from './idx-dataset.js';
import { loadMnist } from './mnist.js';
import { loadNpyDataset } from './npy-dataset.js';
import { loadPngFolder } from './png-folder.js';

export interface LoadDatasetOptions {
  /** IDX directories and 'fashion-mnist': 'test' (default) or 'train'. */
  split?: IdxSplit;
  /** For an images .npy: its labels .npy. Default: `labels.npy` beside it. */
  labels?: string;
  /** Overrides the dataset name (default: per source; see each loader). */
  name?: string;
  /** Overrides the class names (IDX and NPY sources). */
  classNames?: string[];
}

const ACCEPTED =
  "'mnist' (built-in, 10,000 digits), 'fashion-mnist' (apt-get install dataset-fashion-mnist), " +
  'a directory with IDX files (<prefix>-images-idx3-ubyte[.gz] + <prefix>-labels-idx1-ubyte[.gz]), ' +
  'a directory holding images.npy and labels.npy, a directory with one sub-folder of PNGs per class, ' +
  'or the path of an images .npy (labels from the labels option or a sibling labels.npy)';

/**
 * Resolves `nameOrPath` in this order: the names 'mnist' and 'fashion-mnist' (write './mnist' for a folder of
 * that name), a `.npy` file, then a directory holding IDX files, `images.npy`, or class sub-folders.
 * @throws NotFoundError listing what is accepted when nothing matches; the chosen loader's errors otherwise.
 */
export async function loadDataset(nameOrPath: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  if (nameOrPath === 'mnist') {
    if (options.split === 'train') {
      throw new InvalidArgumentError(
        "built-in 'mnist' is one set of 10,000 digits with no train split; omit split, or pass a directory " +
          'holding the MNIST IDX files',
      );
    }
    return loadMnist();
  }
  if (nameOrPath === 'fashion-mnist') return loadFashionMnist({ split: options.split });
  const kind = await pathKind(nameOrPath);
  if (kind === 'file' && nameOrPath.endsWith('.npy')) return loadNpy(nameOrPath, options);
  if (kind === 'dir') {
    if (await hasIdxFiles(nameOrPath)) return loadIdxDataset(nameOrPath, options);
    const images = path.join(nameOrPath, 'images.npy');
    if ((await pathKind(images)) === 'file') return loadNpy(images, options);
    return loadPngFolder(nameOrPath, { name: options.name });
  }
  const what =
    kind === 'file'
      ? `file ${nameOrPath} is not an .npy file`
      : `no dataset named ${JSON.stringify(nameOrPath)}`;
  throw new NotFoundError(`${what} (and no such directory); accepted: ${ACCEPTED}`);
}

async function loadNpy(images: string, options: LoadDatasetOptions): Promise<Dataset> {
  const labels = options.labels ?? path.join(path.dirname(images), 'labels.npy');
  if ((await pathKind(labels)) !== 'file') {
    throw new NotFoundError(
      `labels for ${images} not found at ${labels}; pass the labels .npy explicitly (labels option, --labels)`,
    );
  }
  return loadNpyDataset({ images, labels, name: options.name, classNames: options.classNames });
}

async function pathKind(p: string): Promise<'file' | 'dir' | 'missing'> {
  try {
    const s = await stat(p);
    return s.isDirectory() ? 'dir' : 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}
