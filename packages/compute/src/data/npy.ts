/**
 * NumPy .npy read and write (format versions 1.0, 2.0 and 3.0; numpy/lib/format.py):
 * magic `\x93NUMPY`, major and minor version bytes, a little-endian header length (uint16 in v1, uint32 in
 * v2/v3), an ASCII (v3: UTF-8) Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`
 * padded with spaces and a newline, then the raw C-order data.
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { DataFormatError, InvalidArgumentError } from '../errors.js';

export type NpyDtype = 'f4' | 'f8' | 'u1' | 'i4' | 'i8';
export type NpyData = Float32Array | Float64Array | Uint8Array | Int32Array;

export interface NpyArray {
  /** Element type as read; 'i8' data is returned as Int32Array (values checked to fit). */
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ITEM_SIZE: Record<NpyDtype, number> = { f4: 4, f8: 8, u1: 1, i4: 4, i8: 8 };
const DESCR_TO_DTYPE: Record<string, NpyDtype> = {
  '<f4': 'f4',
  '<f8': 'f8',
  '|u1': 'u1',
  '<u1': 'u1',
  '>u1': 'u1',
  '<i4': 'i4',
  '<i8': 'i8',
};

/**
 * Parses .npy bytes (C order, little-endian f4/f8/u1/i4/i8).
 * @throws DataFormatError for a bad magic or header, an unsupported dtype, Fortran order, or data that is
 * shorter or longer than the shape says.
 */
export function readNpy(bytes: Uint8Array, where = 'npy data'): NpyArray {
  const { dtype, shape, dataOffset, descr } = describeNpy(bytes, where);
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * ITEM_SIZE[dtype];
  const actual = bytes.length - dataOffset;
  if (actual !== expected) {
    throw new DataFormatError(
      `${where}: ${actual < expected ? 'truncated' : 'trailing bytes'}: shape (${shape.join(', ')}) of ${descr} ` +
        `needs ${expected} data bytes, found ${actual}; save the array again with np.save`,
    );
  }
  // Copy into a fresh, aligned ArrayBuffer: a Buffer's offset need not be a multiple of 8 (and Buffer#slice
  // would not copy).
  const raw = new Uint8Array(bytes.subarray(dataOffset, dataOffset + expected)).buffer;
  return { dtype, shape, data: toTypedArray(dtype, raw, where) };
}

/**
 * Reads only the header of .npy bytes (the first few hundred bytes suffice): dtype, shape and where the data
 * starts, for readers that fetch slices of a large file themselves.
 * @throws DataFormatError for a bad magic or header, an unsupported dtype or Fortran order.
 */
export function readNpyHeader(
  bytes: Uint8Array,
  where = 'npy data',
): { dtype: NpyDtype; shape: number[]; dataOffset: number; itemSize: number } {
  const { dtype, shape, dataOffset } = describeNpy(bytes, where);
  return { dtype, shape, dataOffset, itemSize: ITEM_SIZE[dtype] };
}

function describeNpy(
  bytes: Uint8Array,
  where: string,
): { dtype: NpyDtype; shape: number[]; dataOffset: number; descr: string } {
  assertLittleEndianMachine();
  const { header, dataOffset } = readHeader(bytes, where);
  const descr = field(header, 'descr', /^['"]([^'"]+)['"]/, where);
  const fortran = field(header, 'fortran_order', /^(True|False)/, where);
  const shapeText = field(header, 'shape', /^\(([^)]*)\)/, where);
  const dtype = DESCR_TO_DTYPE[descr];
  if (!dtype) {
    throw new DataFormatError(
      `${where}: dtype '${descr}' is not supported; save as one of ${Object.keys(DESCR_TO_DTYPE).join(', ')} ` +
        `(e.g. arr.astype('<f4'))`,
    );
  }
  if (fortran === 'True') {
    throw new DataFormatError(
      `${where}: Fortran-order arrays are not supported; save np.ascontiguousarray(arr)`,
    );
  }
  return { dtype, shape: parseShape(shapeText, where), dataOffset, descr };
}

/**
 * Encodes a C-order array as .npy (version 1.0, or 2.0 if the header needs it), header padded so the data
 * starts on a 64-byte boundary as numpy does.
 * @throws InvalidArgumentError when the shape does not match the data length.
 */
export function writeNpy(data: NpyData, shape: readonly number[]): Buffer {
  assertLittleEndianMachine();
  if (
    !shape.every((d) => Number.isInteger(d) && d >= 0) ||
    shape.reduce((a, b) => a * b, 1) !== data.length
  ) {
    throw new InvalidArgumentError(
      `shape [${shape.join(', ')}] does not hold the ${data.length} values given`,
    );
  }
  const descr =
    data instanceof Float32Array
      ? '<f4'
      : data instanceof Float64Array
        ? '<f8'
        : data instanceof Int32Array
          ? '<i4'
          : '|u1';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const pad = (prefix: number): string =>
    `${dict}${' '.repeat((64 - ((prefix + dict.length + 1) % 64)) % 64)}\n`;
  // Version 1.0 stores the header length in a uint16; longer headers (shapes of many dimensions) need 2.0.
  const v1 = pad(10).length <= 0xffff;
  const prefix = v1 ? 10 : 12;
  const padded = pad(prefix);
  const head = Buffer.alloc(prefix);
  head.set(MAGIC, 0);
  head[6] = v1 ? 1 : 2;
  head[7] = 0;
  if (v1) head.writeUInt16LE(padded.length, 8);
  else head.writeUInt32LE(padded.length, 8);
  return Buffer.concat([
    head,
    Buffer.from(padded, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  ]);
}

export async function readNpyFile(path: string): Promise<NpyArray> {
  return readNpy(await readFile(path), path);
}

export async function writeNpyFile(path: string, data: NpyData, shape: readonly number[]): Promise<void> {
  await writeFile(path, writeNpy(data, shape));
}

function assertLittleEndianMachine(): void {
  // Typed arrays use the machine's byte order and .npy data here is little-endian.
  if (os.endianness() !== 'LE') throw new DataFormatError('.npy support needs a little-endian machine');
}

function readHeader(bytes: Uint8Array, where: string): { header: string; dataOffset: number } {
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) {
    const start = Buffer.from(bytes.subarray(0, 6)).toString('hex');
    throw new DataFormatError(`${where}: not an .npy file (starts with hex ${start}, expected 934e554d5059)`);
  }
  const major = bytes[6]!;
  if (major < 1 || major > 3) {
    throw new DataFormatError(`${where}: .npy format version ${major}.${bytes[7]} is not 1, 2 or 3`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) throw new DataFormatError(`${where}: truncated .npy header`);
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (bytes.length < prefix + length) {
    throw new DataFormatError(
      `${where}: truncated header: needs ${prefix + length} bytes, found ${bytes.length}`,
    );
  }
  const header = Buffer.from(bytes.subarray(prefix, prefix + length)).toString(
    major === 3 ? 'utf8' : 'latin1',
  );
  return { header, dataOffset: prefix + length };
}

/** The value text after `'key':` in the header dict, matched by `value`. */
function field(header: string, key: string, value: RegExp, where: string): string {
  const keyMatch = new RegExp(`['"]${key}['"]\\s*:\\s*`).exec(header);
  const match = keyMatch && value.exec(header.slice(keyMatch.index + keyMatch[0].length));
  if (!match)
    throw new DataFormatError(`${where}: header ${JSON.stringify(header.trim())} has no valid '${key}'`);
  return match[1]!;
}

function parseShape(text: string, where: string): number[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return parts.map((p) => {
    const n = Number(p.replace(/L$/, '')); // Python 2 wrote long integers as 3L
    if (!Number.isSafeInteger(n) || n < 0)
      throw new DataFormatError(`${where}: shape (${text}) is not a tuple of sizes`);
    return n;
  });
}

function toTypedArray(dtype: NpyDtype, raw: ArrayBuffer, where: string): NpyData {
  switch (dtype) {
    case 'f4':
      return new Float32Array(raw);
    case 'f8':
      return new Float64Array(raw);
    case 'u1':
      return new Uint8Array(raw);
    case 'i4':
      return new Int32Array(raw);
    case 'i8': {
      const wide = new BigInt64Array(raw);
      const out = new Int32Array(wide.length);
      for (let i = 0; i < wide.length; i++) {
        const v = wide[i]!;
        if (v < -2147483648n || v > 2147483647n) {
          throw new DataFormatError(`${where}: int64 value ${v} at index ${i} does not fit in int32`);
        }
        out[i] = Number(v);
      }
      return out;
    }
  }
}
