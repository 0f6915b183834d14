import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The modules `entry` loads at run time: value imports and re-exports followed through relative paths (type-only
 * ones are erased by the compiler and load nothing); bare specifiers are returned as they are.
 */
async function runtimeClosure(entry: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const visit = async (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'/gms)) {
      if (m[2]) continue; // `import type` / `export type`
      const spec = m[4]!;
      if (spec.startsWith('.')) await visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else seen.add(spec);
    }
    for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) seen.add(m[1]!);
    for (const m of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) seen.add(m[1]!);
  };
  await visit(entry);
  return seen;
}

describe('@simlab/compute/light', () => {
  it('loads no TensorFlow.js, directly or through what it imports', async () => {
    const loaded = [...(await runtimeClosure(resolve(here, 'light.ts')))];
    expect(loaded.filter((m) => m.includes('@tensorflow'))).toEqual([]);
    expect(loaded.filter((m) => !m.startsWith('/') && !m.startsWith('node:'))).toEqual([]);
  });

  it('the walk finds TF.js behind the main entry (the check can fail)', async () => {
    const loaded = await runtimeClosure(resolve(here, 'index.ts'));
    expect([...loaded].some((m) => m.startsWith('@tensorflow/'))).toBe(true);
  });

  it('gives the same presets and errors as the main entry', async () => {
    const light = await import('./light.js');
    const main = await import('./index.js');
    expect(light.STUDY_PRESETS).toBe(main.STUDY_PRESETS);
    expect(light.InvalidArgumentError).toBe(main.InvalidArgumentError);
  });
});
