import { readFile, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../backend.js';
import { CancelledError, NotFoundError } from '../errors.js';
import { readZoo } from '../study/study-models.js';
import type { StudyReport } from '../study/study-report.js';
import { saveTinyCheckpoint } from '../study/test-zoo.js';
import { useTempDirs } from '../test-support/temp-dirs.js';
import { studyCommand } from './study-command.js';

let zoo: string;
const tempDir = useTempDirs('study-cli');
beforeAll(async () => {
  await initBackend();
  zoo = await tempDir();
  await saveTinyCheckpoint(zoo, 'mlp-eps1', 2, 1);
  await saveTinyCheckpoint(zoo, 'mlp-eps0', 1, 0);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const SMALL = ['--pairs', '8', '--iterations', '2', '--batch-size', '4', '--null', '0', '--bootstrap', '0'];

describe('readZoo', () => {
  it('lists model folders by architecture and eps, or in index.json order, with their cards', async () => {
    expect((await readZoo(zoo)).map((m) => [m.id, m.eps])).toEqual([
      ['mlp-eps0', 0],
      ['mlp-eps1', 1],
    ]);
    const indexed = await tempDir();
    await saveTinyCheckpoint(indexed, 'a', 1, 0);
    await saveTinyCheckpoint(indexed, 'b', 2, 3);
    await writeFile(join(indexed, 'index.json'), JSON.stringify({ models: [{ id: 'b', dir: 'b' }, 'a'] }));
    const models = await readZoo(indexed);
    expect(models.map((m) => [m.id, m.architecture, m.eps, m.norm])).toEqual([
      ['b', 'mlp', 3, 'l2'],
      ['a', 'mlp', 0, 'l2'],
    ]);
    expect(models[0]!.weightsHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('follows links to model folders (a subset of another zoo), and skips dangling ones', async () => {
    const linked = await tempDir();
    await symlink(join(zoo, 'mlp-eps1'), join(linked, 'mlp-eps1'));
    await symlink(join(zoo, 'gone'), join(linked, 'gone'));
    expect((await readZoo(linked)).map((m) => [m.id, m.eps])).toEqual([['mlp-eps1', 1]]);
  });

  it('keeps only the requested models and names the known ones for an unknown id', async () => {
    expect((await readZoo(zoo, ['mlp-eps1'])).map((m) => m.id)).toEqual(['mlp-eps1']);
    await expect(readZoo(zoo, ['vgg-eps0'])).rejects.toThrow(NotFoundError);
    await expect(readZoo(zoo, ['vgg-eps0'])).rejects.toThrow(/mlp-eps0, mlp-eps1/);
  });
});

describe('simlab study', () => {
  it('runs on a zoo directory, prints the summary table and writes the report', async () => {
    const out = await tempDir();
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await studyCommand.run([
      '--zoo',
      zoo,
      '--images',
      '0:300',
      '--out',
      out,
      '--cache',
      join(out, 'cache'),
      ...SMALL,
    ]);
    const printed = lines.join('\n');
    expect(printed).toContain('Headlines: mean off-diagonal CKA over like-for-like cells');
    expect(printed).toMatch(/mlp-eps0\s+mlp\s+0/);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as StudyReport;
    // The whole dataset, its images 0..299 as requested: pair indices are the dataset's own.
    expect(report.dataset.name).toBe('mnist');
    expect(report.images).toMatchObject({ from: 0, to: 300, count: 300, rule: 'requested' });
    expect(Math.max(...report.pairs.seedIndices, ...report.pairs.targetIndices)).toBeLessThan(300);
    expect(report.params.inversion.iterations).toBe(2);
    expect(report.models.map((m) => m.id)).toEqual(['mlp-eps0', 'mlp-eps1']);
    expect(report.timings.workers).toBe(Math.min(2, availableParallelism()));
  });

  it('paper preset: convergence and STIR on by default, written under --out, resumed from the cache', async () => {
    const out = await tempDir();
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    // The paper preset, shrunk: 8 pairs, 51 iterations (checkpoint 50 of the preset's list), 3 STIR iterations.
    const args = [
      '--preset',
      'paper',
      '--zoo',
      zoo,
      '--images',
      '0:300',
      '--out',
      out,
      '--cache',
      join(out, 'cache'),
    ];
    const small = [
      '--pairs',
      '8',
      '--iterations',
      '51',
      '--batch-size',
      '8',
      '--stir-iterations',
      '3',
      '--jobs',
      '1',
    ];
    await studyCommand.run([...args, ...small]);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as StudyReport;
    expect(report.params).toMatchObject({
      nullPermutations: 199,
      intervalGroups: 20,
      convergence: [50, 200, 500, 1000, 2000],
    });
    expect(report.convergence!.map((c) => c.iteration)).toEqual([50, 51]);
    expect(report.stir!.settings.inversion).toMatchObject({ iterations: 3, stepSize: 0.5, momentum: 0 });
    expect(report.files).toEqual(expect.arrayContaining(['convergence.svg', 'stir.svg', 'summary.json']));
    await studyCommand.run([...args, ...small]);
    const again = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as StudyReport;
    expect(again.summary.inversions.cached).toBe(2);
    expect(again.models.map((m) => m.stirInversion!.source)).toEqual(['cache', 'cache']);
    expect(again.convergence!.map((c) => c.values)).toEqual(report.convergence!.map((c) => c.values));
  });

  it('stops with CancelledError on Ctrl-C and says how to resume', async () => {
    const out = await tempDir();
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => {
      errors.push(line);
      // The first line is printed right before the study starts: interrupt it then.
      if (errors.length === 1) setImmediate(() => process.emit('SIGINT'));
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const run = studyCommand.run(['--zoo', zoo, '--out', out, '--cache', join(out, 'cache'), ...SMALL]);
    await expect(run).rejects.toThrow(CancelledError);
    expect(errors.join('\n')).toContain('run the same command to resume');
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('refuses an unknown preset and a bad image range', async () => {
    await expect(studyCommand.run(['--preset', 'slow'])).rejects.toThrow(/quick or paper/);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(studyCommand.run(['--zoo', zoo, '--images', '5:2'])).rejects.toThrow(/FROM:TO/);
  });
});
