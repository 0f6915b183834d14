import { describe, expect, it } from 'vitest';
import { imageToRgba, parseNpy } from './npy';

/** Builds a version-1 .npy the way numpy.save does: header padded with spaces to a multiple of 64 bytes. */
function npy(shape: number[], values: number[]): ArrayBuffer {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + values.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  new Float32Array(out.buffer, 10 + header.length).set(values);
  return out.buffer;
}

describe('parseNpy', () => {
  it('reads shape and float32 values', () => {
    const array = parseNpy(npy([2, 1, 2, 1], [0, 0.5, 1, 0.25]));
    expect(array.shape).toEqual([2, 1, 2, 1]);
    expect([...array.data]).toEqual([0, 0.5, 1, 0.25]);
  });

  it('refuses other files, other dtypes and truncated data with a message that says what it found', () => {
    expect(() => parseNpy(new ArrayBuffer(16))).toThrow('magic');
    const f8 = new Uint8Array(npy([1], [0]));
    const at = new TextDecoder().decode(f8).indexOf("'<f4'");
    f8.set(new TextEncoder().encode("'<f8'"), at);
    expect(() => parseNpy(f8.buffer)).toThrow('<f8');
    expect(() => parseNpy(npy([4], [1, 2]))).toThrow('needs 4');
  });
});

describe('imageToRgba', () => {
  it('spreads a grey image over RGB with opaque alpha', () => {
    const { width, height, rgba } = imageToRgba(parseNpy(npy([2, 1, 2, 1], [0, 0.5, 1, 0.25])), 1);
    expect([width, height]).toEqual([2, 1]);
    expect([...rgba]).toEqual([255, 255, 255, 255, 64, 64, 64, 255]);
  });

  it('keeps the channels of a colour image', () => {
    const { rgba } = imageToRgba(parseNpy(npy([1, 1, 1, 3], [1, 0, 0.5])), 0);
    expect([...rgba]).toEqual([255, 0, 128, 255]);
  });

  it('refuses an index outside the batch', () => {
    expect(() => imageToRgba(parseNpy(npy([1, 1, 1, 1], [0])), 1)).toThrow('outside 0..0');
  });
});
