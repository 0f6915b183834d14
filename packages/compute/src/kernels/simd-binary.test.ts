import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module shared with the build script, no type declarations
import { simdSourceHash } from '../../scripts/simd-source-hash.mjs';
import { SIMD_SOURCE_HASH } from './simd/simd-binary.js';

describe('simd-binary.ts', () => {
  it('was built from the kernel sources beside it (else run scripts/build-simd-kernels.sh)', () => {
    const dir = `${dirname(fileURLToPath(import.meta.url))}/simd`;
    expect(simdSourceHash(dir)).toBe(SIMD_SOURCE_HASH);
  });
});
