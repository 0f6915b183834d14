/**
 * `simlab invert --model model.onnx`: an ONNX file (the PyTorch CNN fixture) inverted from the command line, the
 * model's own metadata recorded in losses.json.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../backend.js';
import { readNpyFile } from '../data/npy.js';
import { NotFoundError } from '../errors.js';
import { invertCommand } from './invert-command.js';

const FIXTURE = fileURLToPath(new URL('../onnx/fixtures/cnn.onnx', import.meta.url));
let dir: string;

beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'simlab-cli-onnx-'));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const run = (model: string, out: string, extra: string[] = []) =>
  invertCommand.run([
    '--model',
    model,
    '--dataset',
    'mnist',
    '--pairs',
    '4',
    '--iterations',
    '5',
    '--out',
    out,
    ...extra,
  ]);

describe('simlab invert --model model.onnx', () => {
  it('inverts through the imported model and records its metadata in losses.json', async () => {
    const out = join(dir, 'file');
    await run(FIXTURE, out);
    expect((await readNpyFile(join(out, 'inverted.npy'))).shape).toEqual([4, 28, 28, 1]);
    const report = JSON.parse(await readFile(join(out, 'losses.json'), 'utf8'));
    expect(report.model).toMatchObject({
      path: FIXTURE,
      format: 'onnx',
      name: 'cnn',
      inputShape: [28, 28, 1],
      classes: 10,
      parameterCount: 8538,
      weightsHash: createHash('sha256')
        .update(await readFile(FIXTURE))
        .digest('hex'),
      representationLayer: '/Relu_3_output_0',
      details: { opset: 13, inputLayout: 'NCHW', producer: 'pytorch 1.13.0' },
    });
    expect(report.parameters.layer).toBe('/Relu_3_output_0');
    for (const [i, loss] of (report.losses as number[]).entries()) {
      expect(loss, `pair ${i}`).toBeLessThan(report.seedLosses[i]);
    }
  });

  it('takes a directory holding model.onnx, and a named layer', async () => {
    const modelDir = join(dir, 'my-cnn');
    await mkdir(modelDir);
    await copyFile(FIXTURE, join(modelDir, 'model.onnx'));
    const out = join(dir, 'dir');
    await run(modelDir, out, ['--layer', '/conv3/Conv']);
    const report = JSON.parse(await readFile(join(out, 'losses.json'), 'utf8'));
    expect(report.model).toMatchObject({ name: 'my-cnn', format: 'onnx' });
    expect(report.parameters.layer).toBe('/conv3/Conv_output_0');
  });

  it('says what it accepts when the path holds no model', async () => {
    await expect(run(join(dir, 'nothing-here'), join(dir, 'x'))).rejects.toThrow(NotFoundError);
    await expect(run(join(dir, 'nothing-here'), join(dir, 'x'))).rejects.toThrow(/model\.json.*model\.onnx/);
  });
});
