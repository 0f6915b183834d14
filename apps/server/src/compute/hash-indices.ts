import { createHash } from 'node:crypto';

/** sha256 of int32 little-endian indices: identifies which dataset images a result used (SPEC §7). */
export function hashIndices(indices: readonly number[]): string {
  return createHash('sha256')
    .update(Buffer.from(Int32Array.from(indices).buffer))
    .digest('hex');
}
