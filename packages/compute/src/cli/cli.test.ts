import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { PNG } from 'pngjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../backend.js';
import { readNpyFile, writeNpyFile } from '../data/npy.js';
import { serializeModel } from '../models/serialize.js';
import { ckaCommand } from './cka-command.js';
import { invertCommand } from './invert-command.js';

beforeAll(async () => {
  await initBackend();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function captureStdout(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
  return lines;
}

/** A tiny conv net saved as a plain TF.js layers model (no SimLab card), as another tool would export it. */
async function saveTinyModel(dir: string): Promise<void> {
  const input = tfl.input({ shape: [28, 28, 1] });
  const conv = tfl.layers
    .conv2d({ filters: 4, kernelSize: 3, activation: 'relu', seed: 1 } as never)
    .apply(input);
  const pooled = tfl.layers.maxPooling2d({ poolSize: 4 }).apply(conv);
  const rep = tfl.layers
    .dense({ units: 16, activation: 'relu', name: 'rep' })
    .apply(tfl.layers.flatten().apply(pooled));
  const logits = tfl.layers.dense({ units: 10, name: 'logits' }).apply(rep) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: logits });
  const { modelJson, weights } = await serializeModel(model);
  await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
  await writeFile(join(dir, 'weights.bin'), weights);
  model.dispose();
}

describe('simlab cka', () => {
  it('prints one JSON object with the value, n, p, q and a null baseline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simlab-cli-'));
    const x = tf.randomNormal([50, 8], 0, 1, 'float32', 3);
    const y = tf.add(x, tf.randomNormal([50, 8], 0, 1, 'float32', 4));
    await writeNpyFile(join(dir, 'a.npy'), x.dataSync() as Float32Array, [50, 8]);
    await writeNpyFile(join(dir, 'b.npy'), y.dataSync() as Float32Array, [50, 2, 4]);
    tf.dispose([x, y]);
    const out = captureStdout();
    await ckaCommand.run([join(dir, 'a.npy'), join(dir, 'b.npy'), '--metric', 'debiased', '--null', '3']);
    expect(out).toHaveLength(1);
    const report = JSON.parse(out[0]!);
    expect(report).toMatchObject({ metric: 'debiased', n: 50, p: 8, q: 8 });
    expect(report.value).toBeGreaterThan(0.3);
    expect(report.nullBaseline.permutations).toBe(3);
    expect(Math.abs(report.nullBaseline.mean)).toBeLessThan(report.value);
  });

  it('prints a jackknife interval under "bootstrap" that holds its own estimate (issue 9: not [0.45, 0.61])', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simlab-cli-'));
    const x = tf.randomNormal([64, 64], 0, 1, 'float32', 5);
    const y = tf.randomNormal([64, 64], 0, 1, 'float32', 6);
    await writeNpyFile(join(dir, 'a.npy'), x.dataSync() as Float32Array, [64, 64]);
    await writeNpyFile(join(dir, 'b.npy'), y.dataSync() as Float32Array, [64, 64]);
    tf.dispose([x, y]);
    const out = captureStdout();
    const files = [join(dir, 'a.npy'), join(dir, 'b.npy')];
    await ckaCommand.run([...files, '--metric', 'debiased', '--bootstrap', '50', '--null', '19']);
    const report = JSON.parse(out[0]!);
    expect(report.bootstrap).toMatchObject({ method: 'grouped-jackknife', confidence: 0.95, groups: 50 });
    expect(report.bootstrap.covers).toBe('the population CKA');
    expect(report.bootstrap.lower).toBeLessThan(report.value);
    expect(report.bootstrap.upper).toBeGreaterThan(report.value);
    expect(report.bootstrap.lower).toBeLessThan(0); // independent arrays: population CKA 0
    expect(report.bootstrap.upper).toBeGreaterThan(0);
    expect(report.nullBaseline.pValue).toBeGreaterThan(0.05);
    expect(report.nullBaseline.debiased.pValue).toBe(report.nullBaseline.pValue);
    expect(report.nullBaseline.biased.value).toBeGreaterThan(0.3); // biased CKA of noise at n = p = 64
  });

  it('refuses an unknown metric and files of different n with clear messages', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simlab-cli-'));
    await writeNpyFile(join(dir, 'a.npy'), new Float32Array(40).map(Math.random), [10, 4]);
    await writeNpyFile(join(dir, 'b.npy'), new Float32Array(36).map(Math.random), [9, 4]);
    await expect(
      ckaCommand.run([join(dir, 'a.npy'), join(dir, 'b.npy'), '--metric', 'cosine']),
    ).rejects.toThrow(/--metric "cosine" is unknown/);
    await expect(ckaCommand.run([join(dir, 'a.npy'), join(dir, 'b.npy')])).rejects.toThrow(/10.*9|9.*10/);
  });
});

describe('simlab invert', () => {
  it('inverts sampled MNIST pairs and writes images, a contact sheet and losses with provenance', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simlab-cli-'));
    await saveTinyModel(dir);
    const out = join(dir, 'out');
    captureStdout();
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await invertCommand.run([
      '--model',
      dir,
      '--dataset',
      'mnist',
      '--pairs',
      '6',
      '--iterations',
      '5',
      '--batch-size',
      '4',
      '--out',
      out,
    ]);
    const inverted = await readNpyFile(join(out, 'inverted.npy'));
    expect(inverted.shape).toEqual([6, 28, 28, 1]);
    const report = JSON.parse(await readFile(join(out, 'losses.json'), 'utf8'));
    expect(report.pairs.seedIndices).toHaveLength(6);
    expect(report.pairs.seedLabels.every((l: number, i: number) => l !== report.pairs.targetLabels[i])).toBe(
      true,
    );
    expect(report.parameters).toMatchObject({ iterations: 5, batchSize: 4, stepSize: 0.125 });
    expect(report.model.weightsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.provenance.backend.name).toBeTypeOf('string');
    // Every pair moved towards its target (use_best alone would only guarantee <=).
    for (const [i, loss] of (report.losses as number[]).entries()) {
      expect(loss, `pair ${i}`).toBeLessThan(report.seedLosses[i]);
    }
    const sheet = PNG.sync.read(await readFile(join(out, 'contact-sheet.png')));
    expect(sheet.width).toBeGreaterThan(6 * 28);
  });

  it('refuses explicit same-label pairs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simlab-cli-'));
    await saveTinyModel(dir);
    const images = new Float32Array(2 * 28 * 28).fill(0.5);
    await writeNpyFile(join(dir, 's.npy'), images, [2, 28, 28, 1]);
    await writeNpyFile(join(dir, 't.npy'), images, [2, 28, 28, 1]);
    await writeNpyFile(join(dir, 'sl.npy'), Int32Array.from([1, 2]), [2]);
    await writeNpyFile(join(dir, 'tl.npy'), Int32Array.from([3, 2]), [2]);
    const args = ['--model', dir, '--seeds', join(dir, 's.npy'), '--targets', join(dir, 't.npy')];
    await expect(
      invertCommand.run([
        ...args,
        '--seed-labels',
        join(dir, 'sl.npy'),
        '--target-labels',
        join(dir, 'tl.npy'),
      ]),
    ).rejects.toThrow(/share label 2 at pair 1/);
  });
});
