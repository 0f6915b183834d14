import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFormatError, InvalidArgumentError } from '../errors.js';
import { readNpy, readNpyFile, readNpyHeader, writeNpy, writeNpyFile } from './npy.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'simlab-npy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function python(script: string, ...args: string[]): string {
  return execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
}

const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe('readNpy and writeNpy', () => {
  it('round-trips float32, float64, int32 and uint8 arrays of several shapes', () => {
    const cases = [
      { data: Float32Array.from(range(24, (i) => i / 7 - 1)), shape: [2, 3, 4] },
      { data: Float64Array.from(range(5, (i) => Math.PI * i)), shape: [5] },
      { data: Int32Array.from(range(6, (i) => (i - 3) * 100_000)), shape: [3, 2] },
      { data: Uint8Array.from(range(8, (i) => i * 31)), shape: [2, 2, 2] },
      { data: Float32Array.of(2.5), shape: [] },
      { data: new Float32Array(0), shape: [0, 3] },
    ];
    for (const { data, shape } of cases) {
      const back = readNpy(writeNpy(data, shape));
      expect(back.shape).toEqual(shape);
      expect(back.data).toEqual(data);
    }
  });

  it('pads the header so the data starts on a 64-byte boundary', () => {
    const bytes = writeNpy(new Float32Array(6), [2, 3]);
    expect((bytes.length - 24) % 64).toBe(0);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('\x93NUMPY\x01\x00');
  });

  it('writes files that numpy reads back with the same dtype, shape and values', async () => {
    await writeNpyFile(path.join(dir, 'ours-f4.npy'), Float32Array.from(range(12, (i) => i / 3)), [3, 4]);
    await writeNpyFile(path.join(dir, 'ours-i4.npy'), Int32Array.from(range(5, (i) => i * i - 7)), [5]);
    await writeNpyFile(path.join(dir, 'ours-f8.npy'), Float64Array.of(Math.E), []);
    await writeNpyFile(path.join(dir, 'ours-u1.npy'), Uint8Array.of(0, 128, 255), [1, 3]);
    const out = python(
      `
import json, sys, numpy as np
d = sys.argv[1]
res = {}
for k in ['f4', 'i4', 'f8', 'u1']:
    a = np.load(f'{d}/ours-{k}.npy')
    res[k] = {'dtype': a.dtype.str, 'shape': list(a.shape), 'values': a.ravel().tolist()}
print(json.dumps(res))
`,
      dir,
    );
    const res = JSON.parse(out);
    expect(res.f4).toEqual({
      dtype: '<f4',
      shape: [3, 4],
      values: range(12, (i) => Math.fround(i / 3)),
    });
    expect(res.i4).toEqual({ dtype: '<i4', shape: [5], values: [-7, -6, -3, 2, 9] });
    expect(res.f8).toEqual({ dtype: '<f8', shape: [], values: [Math.E] });
    expect(res.u1).toEqual({ dtype: '|u1', shape: [1, 3], values: [0, 128, 255] });
  });

  it('reads what numpy writes: each dtype, format versions 1, 2 and 3', async () => {
    python(
      `
import sys, numpy as np
d = sys.argv[1]
np.save(f'{d}/np-f4.npy', (np.arange(24).reshape(2, 3, 4) / 7).astype('<f4'))
np.save(f'{d}/np-f8.npy', np.arange(5) / 7)
np.save(f'{d}/np-u1.npy', np.arange(250, 256, dtype=np.uint8).reshape(2, 3))
np.save(f'{d}/np-i4.npy', np.array([-2147483648, 0, 2147483647], dtype='<i4'))
np.save(f'{d}/np-i8.npy', np.array([[-5, 6], [7, 8]], dtype='<i8'))
for v in [(2, 0), (3, 0)]:
    with open(f'{d}/np-v{v[0]}.npy', 'wb') as f:
        np.lib.format.write_array(f, np.arange(6, dtype='<f4').reshape(3, 2), version=v)
np.save(f'{d}/np-fortran.npy', np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3)))
np.save(f'{d}/np-big.npy', np.arange(3, dtype='>f4'))
np.save(f'{d}/np-i8-big-values.npy', np.array([2**40], dtype='<i8'))
`,
      dir,
    );
    const f4 = await readNpyFile(path.join(dir, 'np-f4.npy'));
    expect(f4.dtype).toBe('f4');
    expect(f4.shape).toEqual([2, 3, 4]);
    expect(Array.from(f4.data)).toEqual(range(24, (i) => Math.fround(i / 7)));
    // Our encoder produces numpy's bytes exactly, header padding included.
    expect(writeNpy(f4.data, f4.shape).equals(await readFile(path.join(dir, 'np-f4.npy')))).toBe(true);
    const f8 = await readNpyFile(path.join(dir, 'np-f8.npy'));
    expect(f8.data).toEqual(Float64Array.from(range(5, (i) => i / 7)));
    expect((await readNpyFile(path.join(dir, 'np-u1.npy'))).data).toEqual(
      Uint8Array.of(250, 251, 252, 253, 254, 255),
    );
    expect(Array.from((await readNpyFile(path.join(dir, 'np-i4.npy'))).data)).toEqual([
      -2147483648, 0, 2147483647,
    ]);
    const i8 = await readNpyFile(path.join(dir, 'np-i8.npy'));
    expect(i8).toEqual({ dtype: 'i8', shape: [2, 2], data: Int32Array.of(-5, 6, 7, 8) });
    for (const v of [2, 3]) {
      const a = await readNpyFile(path.join(dir, `np-v${v}.npy`));
      expect(a.shape).toEqual([3, 2]);
      expect(Array.from(a.data)).toEqual([0, 1, 2, 3, 4, 5]);
    }
    await expect(readNpyFile(path.join(dir, 'np-fortran.npy'))).rejects.toThrow(
      /Fortran-order .*ascontiguousarray/,
    );
    await expect(readNpyFile(path.join(dir, 'np-big.npy'))).rejects.toThrow(/dtype '>f4' is not supported/);
    await expect(readNpyFile(path.join(dir, 'np-i8-big-values.npy'))).rejects.toThrow(
      /1099511627776 .* int32/,
    );
  });

  it('refuses truncated data, trailing bytes, a bad magic and a broken header with DataFormatError', () => {
    const good = writeNpy(Float32Array.of(1, 2, 3, 4), [4]);
    expect(() => readNpy(good.subarray(0, good.length - 3))).toThrow(
      /truncated: .* needs 16 data bytes, found 13/,
    );
    expect(() => readNpy(Buffer.concat([good, Buffer.alloc(4)]))).toThrow(/trailing bytes/);
    expect(() => readNpy(Buffer.from('PK\x03\x04 not npy at all'))).toThrow(DataFormatError);
    expect(() => readNpy(good.subarray(0, 40))).toThrow(/truncated header: needs 128 bytes, found 40/);
    const broken = Buffer.from(good);
    broken.write("{'descr': '<f4', 'fortran_order': False, 'shapes': (4,), }", 10, 'latin1');
    expect(() => readNpy(broken)).toThrow(/has no valid 'shape'/);
  });

  it('reads dtype, shape and data offset from the header alone, for readers that fetch slices', () => {
    const bytes = writeNpy(
      new Uint8Array(3 * 4 * 5 * 1).map((_, i) => i),
      [3, 4, 5, 1],
    );
    const header = readNpyHeader(bytes.subarray(0, 200));
    expect(header).toEqual({ dtype: 'u1', shape: [3, 4, 5, 1], dataOffset: 128, itemSize: 1 });
    // The second image starts at dataOffset + 1 * 20 values.
    expect(bytes[header.dataOffset + 20]).toBe(20);
    expect(() => readNpyHeader(bytes.subarray(0, 30))).toThrow(/truncated header/);
  });

  it('refuses a shape that does not match the data when writing', () => {
    expect(() => writeNpy(new Float32Array(5), [2, 3])).toThrow(InvalidArgumentError);
  });
});
