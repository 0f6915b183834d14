/**
 * Issue 13 item 4 (compute): a study mixing zoo checkpoints and an imported ONNX model — the PyTorch-exported
 * CNN fixture beside two zoo models — through `simlab study --add-model`, its inversion on a worker thread.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../backend.js';
import type { StudyReport } from '../study/study-report.js';
import { saveTinyCheckpoint } from '../study/test-zoo.js';
import { useTempDirs } from '../test-support/temp-dirs.js';
import { studyCommand } from './study-command.js';
import { parseAddModel } from './study-inputs.js';

const CNN = new URL('../onnx/fixtures/cnn.onnx', import.meta.url).pathname;
let zoo: string;
const tempDir = useTempDirs('study-onnx');
beforeAll(async () => {
  await initBackend();
  zoo = await tempDir();
  await saveTinyCheckpoint(zoo, 'mlp-eps0', 1, 0);
  await saveTinyCheckpoint(zoo, 'wide-eps1', 2, 1, { architecture: 'wide' });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('a study with an imported ONNX model', () => {
  it('runs the ONNX CNN beside two zoo models and records its own metadata', async () => {
    const out = await tempDir();
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    // Args: 8 pairs, 3 iterations, a small null and 4 jackknife groups, inversions on 2 worker threads.
    await studyCommand.run([
      '--zoo',
      zoo,
      '--add-model',
      `${CNN},eps=0`,
      '--images',
      '0:300',
      '--out',
      out,
      '--no-cache',
      '--pairs',
      '8',
      '--iterations',
      '3',
      '--batch-size',
      '4',
      '--null',
      '3',
      '--intervals',
      '4',
      '--jobs',
      '2',
    ]);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as StudyReport;
    expect(report.models.map((m) => [m.id, m.architecture, m.metadata?.format])).toEqual([
      ['mlp-eps0', 'mlp', 'tfjs-layers'],
      ['wide-eps1', 'wide', 'tfjs-layers'],
      ['cnn', 'cnn', 'onnx'],
    ]);
    const cnn = report.models[2]!;
    expect(cnn.weightsHash).toBe(
      createHash('sha256')
        .update(await readFile(CNN))
        .digest('hex'),
    );
    expect(cnn.metadata).toMatchObject({ inputShape: [28, 28, 1], classes: 10 });
    expect(cnn.metadata!.parameterCount).toBeGreaterThan(0);
    expect(cnn.inversion.meanLoss).toBeLessThan(cnn.inversion.meanSeedLoss);
    expect(report.timings.workers).toBe(2);
    for (const matrix of [report.natural, report.inverted]) {
      for (const v of matrix.values.flat()) expect(Number.isFinite(v)).toBe(true);
      expect(matrix.cells[2]![0]!.debiased!.interval?.groups).toBe(4);
    }
    // The CNN is its own architecture: its cells with both zoo models are cross-architecture headlines.
    expect(report.headlines!.crossArchitecture!.inverted.cells).toBe(6);
    expect(report.headlines!.paper!.natural.cells).toBe(2);
  });

  it('refuses an imported model without its training eps, and unknown fields', () => {
    expect(parseAddModel(`${CNN},id=mine,arch=SmallCNN,eps=0.5,norm=linf`)).toEqual({
      id: 'mine',
      dir: CNN,
      architecture: 'SmallCNN',
      eps: 0.5,
      norm: 'linf',
    });
    expect(() => parseAddModel(CNN)).toThrow(/give its training eps/);
    expect(() => parseAddModel(`${CNN},eps=-1`)).toThrow(/eps=-1/);
    expect(() => parseAddModel(`${CNN},eps=0,colour=red`)).toThrow(/colour/);
    expect(() => parseAddModel(`${CNN},eps=0,norm=l3`)).toThrow(/l2 or linf/);
  });
});
