import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INVERSION_DEFAULTS } from '../invert/inversion-options.js';
import type { InversionPartial } from '../invert/inversion-result.js';
import { codeMajorVersion, InversionCache, type InversionRequest, inversionKey } from './inversion-cache.js';

const request: InversionRequest = {
  weightsHash: 'a'.repeat(64),
  datasetHash: 'b'.repeat(64),
  seedIndices: Int32Array.from([0, 1, 2]),
  targetIndices: Int32Array.from([5, 6, 7]),
  settings: { ...INVERSION_DEFAULTS, batchSize: 2, iterations: 3 },
};
const parameters = { ...request.settings, layer: 'representation', step: 'l2-momentum' as const };
const dirs: string[] = [];
const tempCache = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'simlab-cache-'));
  dirs.push(dir);
  return new InversionCache(dir);
};
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** What invertImages' onBatchDone passes after `done` batches of 2 pairs of 1x2x1 images. */
function partial(done: number): InversionPartial {
  const samples = Math.min(3, 2 * done);
  return {
    parameters,
    imageShape: [3, 1, 2, 1],
    batches: 2,
    batchesDone: done,
    samplesDone: samples,
    images: Float32Array.from({ length: samples * 2 }, (_, i) => i / 10),
    losses: Float32Array.from({ length: samples }, (_, i) => 0.5 - i / 10),
    seedLosses: Float32Array.from({ length: samples }, () => 0.9),
    zeroGradientSteps: Uint32Array.from({ length: samples }, (_, i) => i),
    batchLossCurves: Array.from({ length: done }, (_, k) => Float64Array.from([0.9, 0.6 - k / 10, 0.5])),
    batchMs: Array.from({ length: done }, (_, k) => 10 + k),
  };
}

describe('inversionKey', () => {
  it('changes with the weights, the data, the pairs and every inversion parameter, and with nothing else', () => {
    const key = inversionKey(request);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(inversionKey({ ...request, seedIndices: [0, 1, 2] })).toBe(key);
    const variants: InversionRequest[] = [
      { ...request, weightsHash: 'c'.repeat(64) },
      { ...request, datasetHash: 'c'.repeat(64) },
      { ...request, seedIndices: [0, 1, 3] },
      { ...request, targetIndices: [5, 7, 6] },
      { ...request, layer: 'fc1' },
      ...(['stepSize', 'iterations', 'momentum', 'eps', 'batchSize'] as const).map((name) => ({
        ...request,
        settings: { ...request.settings, [name]: request.settings[name] + 1 },
      })),
      { ...request, settings: { ...request.settings, useBest: false } },
      { ...request, settings: { ...request.settings, fakeRelu: true } },
    ];
    const keys = new Set([key, ...variants.map(inversionKey)]);
    expect(keys.size).toBe(variants.length + 1);
  });

  it('uses the major of the package version', () => {
    expect(codeMajorVersion('@simlab/compute@3.1.4+abc-dirty')).toBe('3');
  });
});

describe('InversionCache', () => {
  it('stores finished batches and gives them back as an invertImages checkpoint', async () => {
    const cache = await tempCache();
    const key = inversionKey(request);
    expect(await cache.loadPartial(key)).toBeUndefined();
    await cache.saveBatch(key, request, 0, partial(1));
    const one = await cache.loadPartial(key);
    expect(one).toEqual(partial(1));
    await cache.saveBatch(key, request, 1, partial(2));
    expect(await cache.loadPartial(key)).toEqual(partial(2));
    expect(await cache.load(key)).toBeUndefined();
  });

  it('stores a finished inversion, returns it as stored and drops the batch files', async () => {
    const cache = await tempCache();
    const key = inversionKey(request);
    await cache.saveBatch(key, request, 0, partial(1));
    const p = partial(2);
    const entry = {
      images: p.images,
      imageShape: p.imageShape,
      losses: Array.from(p.losses),
      seedLosses: Array.from(p.seedLosses),
      zeroGradientSteps: Array.from(p.zeroGradientSteps),
      lossCurve: [0.9, 0.5, 0.5],
      parameters,
      timings: { totalMs: 21, batchMs: p.batchMs, msPerIteration: 3.5 },
      provenance: { backend: 'cpu' },
    };
    await cache.saveComplete(key, request, entry);
    expect(await cache.load(key)).toEqual({ key, ...entry });
    expect((await readdir(cache.dir(key))).sort()).toEqual(['images.npy', 'request.json', 'result.json']);
  });
});
