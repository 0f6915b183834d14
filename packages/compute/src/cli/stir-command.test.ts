import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';
import type { StirReport } from '../stir/run-stir.js';
import { STIR_DEFAULTS } from '../stir/stir-settings.js';
import { saveTinyCheckpoint } from '../study/test-zoo.js';
import { stirCommand } from './stir-command.js';

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'simlab-stir-cli-'));
  await saveTinyCheckpoint(join(dir, 'zoo'), 'mlp-eps0', 1, 0);
  await saveTinyCheckpoint(join(dir, 'zoo'), 'mlp-eps1', 2, 1);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('simlab stir', () => {
  it('writes the STIR matrix of every ordered pair with the settings, images and models it used', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const out = join(dir, 'out');
    await stirCommand.run([
      ...['--zoo', join(dir, 'zoo'), '--pairs', '8', '--iterations', '3', '--batch-size', '4'],
      ...['--null', '0', '--bootstrap', '0', '--seed', '2', '--jobs', '1', '--out', out],
    ]);
    const report = JSON.parse(await readFile(join(out, 'stir.json'), 'utf8')) as StirReport;
    expect(report.schema).toBe('simlab.stir/1');
    expect(report.settings).toEqual({
      ...STIR_DEFAULTS,
      inversion: { ...STIR_DEFAULTS.inversion, iterations: 3, batchSize: 4 },
    });
    expect(report.models.map((m) => [m.id, m.eps, m.inversion.fakeRelu, m.inversion.momentum])).toEqual([
      ['mlp-eps0', 0, true, 0],
      ['mlp-eps1', 1, true, 0],
    ]);
    expect(report.images.count).toBe(8);
    expect(new Set(report.images.indices).size).toBe(8);
    expect(report.dataset.name).toBe('mnist');
    expect(report.provenance.codeVersion).toMatch(/^@simlab\/compute@/);
    expect(report.stir.kind).toBe('stir');
    expect(report.stir.values).toHaveLength(2);
    for (const row of report.stir.values) for (const v of row) expect(v).toBeGreaterThan(0);
    expect(report.directions).toEqual([
      {
        a: 'mlp-eps0',
        b: 'mlp-eps1',
        stirBGivenA: report.stir.values[0]![1],
        stirAGivenB: report.stir.values[1]![0],
      },
    ]);
    expect(report.natural.values[0]![1]).toBeCloseTo(report.natural.values[1]![0]!, 12);
    const debiased = [report.stir.cells[0]![1]!, report.stir.cells[1]![0]!].map((c) => c.debiased!.value);
    expect(report.summary.stirOffDiagonalMeanDebiased).toBeCloseTo((debiased[0]! + debiased[1]!) / 2, 12);
    const svg = await readFile(join(out, 'stir.svg'), 'utf8');
    expect(svg.match(/<rect x="\d+" y="\d+" width="34"/g)).toHaveLength(8); // two 2 x 2 panels
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(
      /STIR\(mlp-eps1 \| mlp-eps0\) = \d\.\d{3}/,
    );
    log.mockRestore();
    error.mockRestore();
  });

  it('gives the same matrix with the inversions shared out to worker threads (--jobs 2)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const run = async (jobs: string) => {
      const out = join(dir, `jobs-${jobs}`);
      await stirCommand.run([
        ...['--zoo', join(dir, 'zoo'), '--pairs', '8', '--iterations', '3', '--batch-size', '4'],
        ...['--null', '0', '--bootstrap', '0', '--jobs', jobs, '--out', out],
      ]);
      return JSON.parse(await readFile(join(out, 'stir.json'), 'utf8')) as StirReport;
    };
    const [one, two] = [await run('1'), await run('2')];
    // Batches of 4 cut into slices of 2: each sample's trajectory is the same bit for bit (invert-parallel.ts).
    one.stir.values.flat().forEach((v, i) => {
      expect(two.stir.values.flat()[i]).toBeCloseTo(v, 9);
    });
    expect(two.models.map((m) => m.inversion.meanLoss)).toEqual(one.models.map((m) => m.inversion.meanLoss));
    log.mockRestore();
    error.mockRestore();
  });

  it('refuses an unknown noise distribution before loading anything', async () => {
    await expect(stirCommand.run(['--noise', 'pink'])).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
