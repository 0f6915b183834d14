/**
 * examples/python/compare_studies.py on the committed MNIST quick study: compared with itself, its groups of
 * cells must be compute's own headline groups (same cell counts, same debiased means as summary.json), and
 * reports it cannot compare are refused with the reason.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../packages/compute/src/test-support/temp-dirs.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(root, 'examples/python/compare_studies.py');
const study = join(root, 'docs/results/mnist-quick');
const tempDir = useTempDirs('compare-studies');

interface Headline {
  cells: number;
  debiased: { mean: number };
}
type Headlines = Record<string, { natural: Headline; inverted: Headline }>;

describe('examples/python/compare_studies.py', () => {
  it("groups cells as the study's headlines do: a study against itself gives its own headline means", async () => {
    const report = join(study, 'report.json');
    const { stdout } = await run('python3', [script, report, report]);
    const { headlines } = JSON.parse(await readFile(join(study, 'summary.json'), 'utf8')) as {
      headlines: Headlines;
    };
    const rows = new Map(
      stdout
        .split('\n')
        .map((line) => /^(.+?)\s+(\d+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)$/.exec(line))
        .filter((m) => m !== null)
        .map((m) => [m[1]!.trim(), m.slice(2).map(Number)]),
    );
    const groups: [string, string][] = [
      ['eps 0, other architectures', 'paper'],
      ['all other architectures', 'crossArchitecture'],
      ['same architecture', 'sameArchitecture'],
      ['seed replicates', 'replicates'],
    ];
    for (const [row, key] of groups) {
      const [cells, naturalA, naturalB, invertedA, invertedB] = rows.get(row) ?? [];
      expect(cells, row).toBe(headlines[key]!.inverted.cells);
      expect(naturalA).toBe(naturalB);
      expect(invertedA).toBe(invertedB);
      expect(invertedA).toBeCloseTo(headlines[key]!.inverted.debiased.mean, 3);
      expect(naturalA).toBeCloseTo(headlines[key]!.natural.debiased.mean, 3);
    }
  });

  it('refuses reports that share fewer than two models, or models whose weights differ', async () => {
    const report = JSON.parse(await readFile(join(study, 'report.json'), 'utf8'));
    const dir = await tempDir();
    const renamed = {
      ...report,
      models: report.models.map((m: { id: string }) => ({ ...m, id: `x-${m.id}` })),
    };
    await writeFile(join(dir, 'renamed.json'), JSON.stringify(renamed));
    await expect(
      run('python3', [script, join(study, 'report.json'), join(dir, 'renamed.json')]),
    ).rejects.toThrow(/share 0 model\(s\)/);
    const retrained = {
      ...report,
      models: report.models.map((m: { weightsHash: string }, i: number) =>
        i === 0 ? { ...m, weightsHash: 'f'.repeat(64) } : m,
      ),
    };
    await writeFile(join(dir, 'retrained.json'), JSON.stringify(retrained));
    await expect(
      run('python3', [script, join(study, 'report.json'), join(dir, 'retrained.json')]),
    ).rejects.toThrow(/different weights: mlp-l2-eps0-r1/);
  });
});
