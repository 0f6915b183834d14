/**
 * IDX reader (the MNIST / Fashion-MNIST file format, http://yann.lecun.com/exdb/mnist/): a big-endian
 * header `0x00 0x00 <type> <ndims>` then ndims uint32 sizes, then the values in row-major order.
 * Only unsigned bytes (type 0x08) are read: images as idx3 (n, rows, cols), labels as idx1 (n).
 * Files may be gzip-compressed; compression is detected by the gzip magic 1f 8b, not by the name.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataFormatError } from '../errors.js';
import type { ImageShape } from './validate.js';

const gunzipAsync = promisify(gunzip);
const UNSIGNED_BYTE = 0x08;

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Reads a raw or gzip-compressed IDX file of unsigned bytes with `ndims` dimensions. */
export async function readIdxFile(path: string, ndims: number): Promise<IdxArray> {
  return parseIdx(await gunzipIfCompressed(await readFile(path), path), ndims, path);
}

/** Decompresses when the bytes start with the gzip magic 1f 8b; returns them unchanged otherwise. */
export async function gunzipIfCompressed(bytes: Uint8Array, where: string): Promise<Uint8Array> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return await gunzipAsync(bytes);
  } catch (error) {
    throw new DataFormatError(
      `${where}: gzip data is corrupt or truncated (${(error as Error).message}); download the file again`,
      { cause: error },
    );
  }
}

/**
 * Parses IDX bytes, checking the magic number, the header length and that the data is exactly as long as
 * the header says.
 * @throws DataFormatError quoting the magic number in hex, or expected vs actual byte counts.
 */
export function parseIdx(bytes: Uint8Array, ndims: number, where: string): IdxArray {
  const expectedMagic = (UNSIGNED_BYTE << 8) | ndims;
  if (bytes.length < 4) {
    throw new DataFormatError(`${where}: ${bytes.length} bytes is too short for an IDX header (at least 4)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectedMagic) {
    throw new DataFormatError(
      `${where}: bad magic number ${hex(magic)}, expected ${hex(expectedMagic)} (unsigned-byte IDX with ` +
        `${ndims} dimension${ndims === 1 ? '' : 's'}); is this an ${ndims === 1 ? 'idx1 labels' : `idx${ndims} images`} file?`,
    );
  }
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new DataFormatError(
      `${where}: truncated header: expected ${headerBytes} bytes, found ${bytes.length}; download the file again`,
    );
  }
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerBytes;
  if (actual !== expected) {
    const problem = actual < expected ? 'truncated' : 'longer than its header says';
    throw new DataFormatError(
      `${where}: file is ${problem}: header ${dims.join('x')} needs ${expected} data bytes after the ` +
        `${headerBytes}-byte header, found ${actual}; download the file again`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** IDX3 (n, rows, cols) bytes to NHWC float32 in [0, 1] (byte / 255) with one channel. */
export function idxToImages(array: IdxArray): {
  images: Float32Array;
  imageShape: ImageShape;
  count: number;
} {
  const [count = 0, rows = 0, cols = 0] = array.dims;
  const images = new Float32Array(array.data.length);
  for (let i = 0; i < images.length; i++) images[i] = array.data[i]! / 255;
  return { images, imageShape: [rows, cols, 1], count };
}

/** IDX1 (n) bytes to int32 labels. */
export function idxToLabels(array: IdxArray): Int32Array {
  return Int32Array.from(array.data);
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
