// sha256 over the kernel sources (.c, .h) of a directory, by file name order: what simd-binary.ts was built from.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function simdSourceHash(dir) {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir)
    .filter((f) => /\.(c|h)$/.test(f))
    .sort()) {
    hash.update(`${name}\n`);
    hash.update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex');
}
