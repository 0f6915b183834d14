/**
 * Datasets from a folder of PNGs, one sub-folder per class (`root/cat/*.png`, `root/dog/*.png`), the layout
 * of torchvision's ImageFolder. Class names are the sub-folder names sorted by code point; images within a
 * class are read in sorted file-name order, so the dataset (and its hash) is the same on every machine.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pngjs from 'pngjs';
import { DataFormatError, NotFoundError } from '../errors.js';
import { createDataset, type Dataset } from './dataset.js';
import { assertSameImageShape } from './validate.js';

export interface PngFolderOptions {
  /** Default: the folder's name. */
  name?: string;
}

interface Decoded {
  file: string;
  label: number;
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, as pngjs returns for every PNG colour type. */
  rgba: Uint8Array;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Loads every `*.png` under `root/<class>/`. Images whose pixels all have R = G = B give one channel;
 * otherwise every image is read as RGB (3 channels). Other files and hidden entries are ignored.
 * @throws NotFoundError for a missing folder; DataFormatError for no class folders, an empty class,
 * an undecodable PNG or one with transparent pixels; ShapeMismatchError naming two files of different sizes.
 */
export async function loadPngFolder(root: string, options: PngFolderOptions = {}): Promise<Dataset> {
  const classNames = await listClasses(root);
  const decoded: Decoded[] = [];
  for (const [label, className] of classNames.entries()) {
    const dir = path.join(root, className);
    const files = (await readdir(dir))
      .filter((f) => !f.startsWith('.') && /\.png$/i.test(f))
      .sort(byCodePoint);
    if (files.length === 0) {
      throw new DataFormatError(`class folder ${dir} holds no .png files; add images or remove the folder`);
    }
    for (const file of files) decoded.push(await decodePng(path.join(dir, file), label));
  }
  const first = decoded[0]!;
  for (const image of decoded) {
    assertSameImageShape(
      { where: first.file, shape: [first.height, first.width] },
      { where: image.file, shape: [image.height, image.width] },
    );
  }
  const channels = decoded.every((d) => isGray(d.rgba)) ? 1 : 3;
  const size = first.height * first.width;
  const images = new Float32Array(decoded.length * size * channels);
  decoded.forEach((d, i) => {
    for (let p = 0; p < size; p++) {
      for (let c = 0; c < channels; c++) images[(i * size + p) * channels + c] = d.rgba[p * 4 + c]! / 255;
    }
  });
  return createDataset({
    name: options.name ?? path.basename(path.resolve(root)),
    source: root,
    images,
    labels: Int32Array.from(decoded, (d) => d.label),
    imageShape: [first.height, first.width, channels],
    classNames,
  });
}

async function listClasses(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
      throw new NotFoundError(`PNG folder ${root} does not exist or is not a directory`);
    }
    throw error;
  });
  const dirs: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory() || (e.isSymbolicLink() && (await stat(path.join(root, e.name))).isDirectory()))
      dirs.push(e.name);
  }
  if (dirs.length === 0) {
    throw new DataFormatError(
      `${root} has no class sub-folders; put each class's PNGs in root/<class name>/`,
    );
  }
  return dirs.sort(byCodePoint);
}

async function decodePng(file: string, label: number): Promise<Decoded> {
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = pngjs.PNG.sync.read(await readFile(file));
  } catch (error) {
    throw new DataFormatError(`${file} is not a readable PNG (${(error as Error).message})`, {
      cause: error,
    });
  }
  for (let p = 3; p < png.data.length; p += 4) {
    if (png.data[p] !== 255) {
      const pixel = (p - 3) / 4;
      throw new DataFormatError(
        `${file} has transparent pixels (alpha ${png.data[p]} at x=${pixel % png.width}, ` +
          `y=${Math.floor(pixel / png.width)}); flatten the images onto a background first`,
      );
    }
  }
  return { file, label, width: png.width, height: png.height, rgba: png.data };
}

function isGray(rgba: Uint8Array): boolean {
  for (let p = 0; p < rgba.length; p += 4) {
    if (rgba[p] !== rgba[p + 1] || rgba[p] !== rgba[p + 2]) return false;
  }
  return true;
}
