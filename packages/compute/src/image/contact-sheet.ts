/**
 * Renders image triplets (seed / target / inverted, or any k rows of the same images) as one PNG.
 * Each group of `columns` samples becomes a band of k rows; bands stack vertically.
 */
import { PNG } from 'pngjs';
import { InvalidArgumentError } from '../errors.js';

export interface ContactSheetOptions {
  /** k image sets, each NHWC float32 in [0,1] with the same count and shape. */
  rows: Float32Array[];
  imageShape: [number, number, number];
  /** Samples per band (default 16). */
  columns?: number;
  /** Integer upscaling of each pixel (default 2). */
  scale?: number;
  /** Pixels between images (default 2). */
  gap?: number;
}

export function renderContactSheet(options: ContactSheetOptions): Buffer {
  const { rows, imageShape } = options;
  const [h, w, c] = imageShape;
  const perImage = h * w * c;
  const count = (rows[0]?.length ?? 0) / perImage;
  if (rows.length === 0 || count === 0 || !Number.isInteger(count)) {
    throw new InvalidArgumentError(`contact sheet needs at least one row of whole ${h}x${w}x${c} images`);
  }
  for (const [r, set] of rows.entries()) {
    if (set.length !== count * perImage) {
      throw new InvalidArgumentError(
        `contact sheet row ${r} holds ${set.length / perImage} images, row 0 holds ${count}`,
      );
    }
  }
  const columns = Math.min(options.columns ?? 16, count);
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 2;
  const bands = Math.ceil(count / columns);
  const cellW = w * scale + gap;
  const cellH = h * scale + gap;
  const bandGap = gap * 3;
  const png = new PNG({
    width: columns * cellW + gap,
    height: bands * (rows.length * cellH + bandGap) + gap,
  });
  png.data.fill(255);

  for (let i = 0; i < count; i++) {
    const band = Math.floor(i / columns);
    const x0 = gap + (i % columns) * cellW;
    for (const [r, set] of rows.entries()) {
      const y0 = gap + band * (rows.length * cellH + bandGap) + r * cellH;
      drawImage(png, set, i * perImage, imageShape, x0, y0, scale);
    }
  }
  return PNG.sync.write(png);
}

function drawImage(
  png: PNG,
  data: Float32Array,
  offset: number,
  [h, w, c]: [number, number, number],
  x0: number,
  y0: number,
  scale: number,
): void {
  for (let y = 0; y < h * scale; y++) {
    for (let x = 0; x < w * scale; x++) {
      const src = offset + (Math.floor(y / scale) * w + Math.floor(x / scale)) * c;
      const dst = ((y0 + y) * png.width + (x0 + x)) * 4;
      for (let ch = 0; ch < 3; ch++) {
        const value = data[src + (c === 1 ? 0 : ch)] ?? 0;
        png.data[dst + ch] = Math.round(Math.min(1, Math.max(0, value)) * 255);
      }
      png.data[dst + 3] = 255;
    }
  }
}
