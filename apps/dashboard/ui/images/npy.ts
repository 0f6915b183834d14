/**
 * Reads the .npy files the server serves images as (inverted batches, dataset samples, seeds and targets: float32
 * [n, h, w, c], values in [0, 1]) and turns one image into RGBA pixels for a canvas.
 * Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

export function parseNpy(buffer: ArrayBuffer): NpyArray {
  const bytes = new Uint8Array(buffer);
  if (!MAGIC.every((b, i) => bytes[i] === b))
    throw new Error('not a .npy file: the magic string "\\x93NUMPY" is missing');
  const major = bytes[6]!;
  const view = new DataView(buffer);
  // Version 1 stores the header length in 2 bytes; versions 2 and 3 in 4.
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr !== '<f4')
    throw new Error(`.npy dtype ${descr} is not supported; the server writes little-endian float32 ('<f4')`);
  if (fortran === 'True') throw new Error('.npy in Fortran order is not supported');
  if (shapeText === undefined) throw new Error(`.npy header has no shape: ${header}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const offset = headerStart + headerLength;
  const count = shape.reduce((a, b) => a * b, 1);
  if (buffer.byteLength - offset < count * 4) {
    throw new Error(
      `.npy holds ${(buffer.byteLength - offset) / 4} values, shape ${JSON.stringify(shape)} needs ${count}`,
    );
  }
  // Copy: the data offset need not be 4-byte aligned for a Float32Array view.
  return { shape, data: new Float32Array(buffer.slice(offset, offset + count * 4)) };
}

/** Image `index` of an [n, h, w, c] array (c = 1 or 3) as RGBA bytes for `new ImageData(rgba, w, h)`. */
export function imageToRgba(
  array: NpyArray,
  index: number,
): { width: number; height: number; rgba: Uint8ClampedArray<ArrayBuffer> } {
  const [n, height, width, channels] = array.shape;
  if (array.shape.length !== 4 || (channels !== 1 && channels !== 3)) {
    throw new Error(`expected images [n, h, w, 1 or 3], got shape ${JSON.stringify(array.shape)}`);
  }
  if (index < 0 || index >= n!) throw new Error(`image ${index} is outside 0..${n! - 1}`);
  const size = height! * width!;
  const rgba = new Uint8ClampedArray(size * 4);
  const base = index * size * channels;
  for (let p = 0; p < size; p++) {
    for (let ch = 0; ch < 3; ch++) {
      const v = array.data[base + p * channels + (channels === 1 ? 0 : ch)]!;
      rgba[p * 4 + ch] = Math.round(v * 255);
    }
    rgba[p * 4 + 3] = 255;
  }
  return { width: width!, height: height!, rgba };
}
