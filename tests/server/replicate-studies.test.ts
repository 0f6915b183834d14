/**
 * examples/python/replicate_studies.py on the committed MNIST replicate-1 paper study: against itself, and
 * against a copy whose models carry other ids (as a replicate-2 study's do), it matches the models by
 * architecture and eps, reproduces compute's headline means and agrees perfectly cell by cell; studies it
 * cannot pair up are refused with the reason.
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
const script = join(root, 'examples/python/replicate_studies.py');
const study = join(root, 'docs/results/mnist-paper-r1');
const report = join(study, 'report.json');
const tempDir = useTempDirs('replicate-studies');

interface Report {
  models: { id: string; eps: number }[];
  natural: { ids: string[] };
  inverted: { ids: string[] };
}

/** The report with every model id renamed, as the same design on other seeds would name them. */
async function renamed(rename: (id: string) => string, change: (r: Report) => Report = (r) => r) {
  const original = JSON.parse(await readFile(report, 'utf8')) as Report;
  const copy = change({
    ...original,
    models: original.models.map((m) => ({ ...m, id: rename(m.id) })),
    natural: { ...original.natural, ids: original.natural.ids.map(rename) },
    inverted: { ...original.inverted, ids: original.inverted.ids.map(rename) },
  });
  const path = join(await tempDir(), 'report.json');
  await writeFile(path, JSON.stringify(copy));
  return path;
}

describe('examples/python/replicate_studies.py', () => {
  it('matches models by design point and reproduces the headlines and per-model measures', async () => {
    const other = await renamed((id) => id.replace(/-r1$/, '-seed2'));
    const { stdout } = await run('python3', [script, report, other]);
    const { headlines } = JSON.parse(await readFile(join(study, 'summary.json'), 'utf8')) as {
      headlines: Record<
        string,
        { natural: { debiased: { mean: number } }; inverted: { debiased: { mean: number } } }
      >;
    };
    expect(stdout).toMatch(/18 design points matched; the same seed\/target pairs: yes/);
    expect(stdout).not.toMatch(/models in both/);
    const paper = /eps 0, other architectures\s+30\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(stdout)!;
    expect(Number(paper[1])).toBeCloseTo(headlines.paper!.natural.debiased.mean, 3);
    expect(Number(paper[3])).toBeCloseTo(headlines.paper!.inverted.debiased.mean, 3);
    expect(paper[1]).toBe(paper[2]);
    expect(paper[3]).toBe(paper[4]);
    expect(stdout).toMatch(/inverted\s+306 cells\s+Pearson 1\.000\s+Spearman 1\.000\s+mean \|B - A\| 0\.000/);
    expect(stdout).toMatch(/mixer, l2 eps 0\s+0\.005 \/ 0\.005\s+0\.372 \/ 0\.372/); // summary.txt's row
    expect(stdout).toMatch(/inverted row 1\.00, inverted column 1\.00, natural row 1\.00/);
  });

  it('says when the two studies hold the same models, so they are not independent replicates', async () => {
    const { stdout } = await run('python3', [script, report, report]);
    expect(stdout).toMatch(/models in both \(not independent replicates\): mlp-l2-eps0-r1/);
  });

  it('refuses a study with two models at one design point, or studies of different designs', async () => {
    const quick = join(root, 'docs/results/mnist-quick/report.json');
    await expect(run('python3', [script, report, quick])).rejects.toThrow(
      /B holds two models of mlp at l2 eps 0 \(mlp-l2-eps0-r1, mlp-l2-eps0-r2\)/,
    );
    const shifted = await renamed(
      (id) => `${id}-x`,
      (r) => ({ ...r, models: r.models.map((m) => ({ ...m, eps: m.eps + 10 })) }),
    );
    await expect(run('python3', [script, report, shifted])).rejects.toThrow(/match on 0 architecture x eps/);
  });
});
