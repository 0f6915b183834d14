import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeNpy } from '../data/npy.js';
import { INVERSION_DEFAULTS } from '../invert/inversion-options.js';
import type { InversionPartial } from '../invert/inversion-result.js';
import { useTempDirs } from '../test-support/temp-dirs.js';
import { codeMajorVersion, InversionCache, type InversionRequest, inversionKey } from './inversion-cache.js';

const request: InversionRequest = {
  weightsHash: 'a'.repeat(64),
  datasetHash: 'b'.repeat(64),
  seedIndices: Int32Array.from([0, 1, 2]),
  targetIndices: Int32Array.from([5, 6, 7]),
  settings: { ...INVERSION_DEFAULTS, batchSize: 2, iterations: 3 },
};
/** inversionKey(request) as computed before checkpoints and noise seeds joined the request. */
const KEY_BEFORE_CHECKPOINTS = 'eb8b9d2f8eb69b16fda9b18a44058103cfa8426a9baa349d6b3b7c1a87a86f00';
const parameters = { ...request.settings, layer: 'representation', step: 'l2-momentum' as const };
const tempDir = useTempDirs('cache');
const tempCache = async () => new InversionCache(await tempDir());

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

  it('keeps the key of a request without checkpoints or noise seeds, and changes with either', () => {
    const key = inversionKey(request);
    expect(inversionKey({ ...request, checkpoints: [] })).toBe(key);
    // Pinned: a key stored before checkpoints and noise seeds existed must not change.
    expect(key).toBe(KEY_BEFORE_CHECKPOINTS);
    const variants = [
      inversionKey({ ...request, checkpoints: [1] }),
      inversionKey({ ...request, checkpoints: [1, 2] }),
      inversionKey({ ...request, seedNoise: { distribution: 'normal', seed: 0 } }),
      inversionKey({ ...request, seedNoise: { distribution: 'normal', seed: 1 } }),
      inversionKey({ ...request, seedNoise: { distribution: 'uniform', seed: 0 } }),
    ];
    expect(new Set([key, ...variants]).size).toBe(variants.length + 1);
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

describe('InversionCache with convergence checkpoints', () => {
  const withCheckpoints = { ...request, checkpoints: [1, 2] };
  /** partial(done) with the images and losses of iterations 1 and 2 (pixel value + iteration). */
  function checkpointed(done: number): InversionPartial {
    const p = partial(done);
    return {
      ...p,
      checkpoints: [1, 2].map((iteration) => ({
        iteration,
        images: p.images.map((v) => v + iteration),
        losses: p.losses.map((v) => v + iteration),
      })),
    };
  }

  it("stores each batch's checkpoint images and losses and resumes with them", async () => {
    const cache = await tempCache();
    const key = inversionKey(withCheckpoints);
    await cache.saveBatch(key, withCheckpoints, 0, checkpointed(1));
    expect(await cache.loadPartial(key)).toEqual(checkpointed(1));
    await cache.saveBatch(key, withCheckpoints, 1, checkpointed(2));
    expect(await cache.loadPartial(key)).toEqual(checkpointed(2));
  });

  it("stores a finished inversion's checkpoints beside its images and loads them back", async () => {
    const cache = await tempCache();
    const key = inversionKey(withCheckpoints);
    const p = checkpointed(2);
    const entry = {
      images: p.images,
      imageShape: p.imageShape,
      losses: Array.from(p.losses),
      seedLosses: Array.from(p.seedLosses),
      zeroGradientSteps: Array.from(p.zeroGradientSteps),
      lossCurve: [0.9, 0.5, 0.5],
      parameters,
      timings: { totalMs: 21, batchMs: p.batchMs, msPerIteration: 3.5 },
      provenance: {},
      checkpoints: p.checkpoints!.map((c) => ({ ...c, losses: Array.from(c.losses) })),
    };
    await cache.saveComplete(key, withCheckpoints, entry);
    expect(await cache.load(key)).toEqual({ key, ...entry });
    expect((await readdir(join(cache.dir(key), 'checkpoints'))).sort()).toEqual(['t00001.npy', 't00002.npy']);
    await rm(join(cache.dir(key), 'checkpoints', 't00002.npy'));
    await expect(cache.load(key)).rejects.toThrow(/t00002\.npy.*delete/);
  });
});

describe('InversionCache with a corrupt entry', () => {
  /** A cache holding one finished entry and one with two finished batches; returns their keys. */
  async function filledCache() {
    const cache = await tempCache();
    const partialKey = inversionKey({ ...request, datasetHash: 'd'.repeat(64) });
    await cache.saveBatch(partialKey, request, 0, partial(1));
    await cache.saveBatch(partialKey, request, 1, partial(2));
    const key = inversionKey(request);
    const p = partial(2);
    await cache.saveComplete(key, request, {
      images: p.images,
      imageShape: p.imageShape,
      losses: Array.from(p.losses),
      seedLosses: Array.from(p.seedLosses),
      zeroGradientSteps: Array.from(p.zeroGradientSteps),
      lossCurve: [0.9, 0.5, 0.5],
      parameters,
      timings: { totalMs: 21, batchMs: p.batchMs, msPerIteration: 3.5 },
      provenance: {},
    });
    return { cache, key, partialKey };
  }

  /** The error a corrupt file must give: coded, naming the file, and saying how to recover. */
  const invalid = (file: string) =>
    expect.objectContaining({
      name: 'CheckpointInvalidError',
      code: 'CHECKPOINT_INVALID',
      message: expect.stringMatching(new RegExp(`${file.replace(/\./g, '\\.')}.*delete`)),
    });

  it('refuses a torn result.json with CHECKPOINT_INVALID naming the file', async () => {
    const { cache, key } = await filledCache();
    await writeFile(join(cache.dir(key), 'result.json'), '{"losses": [0.4, 0.');
    await expect(cache.load(key)).rejects.toEqual(invalid('result.json'));
  });

  it('refuses a finished entry whose images.npy is missing', async () => {
    const { cache, key } = await filledCache();
    await rm(join(cache.dir(key), 'images.npy'));
    await expect(cache.load(key)).rejects.toEqual(invalid('images.npy'));
  });

  it('refuses an images.npy that holds fewer images than result.json says', async () => {
    const { cache, key } = await filledCache();
    await writeFile(join(cache.dir(key), 'images.npy'), writeNpy(new Float32Array(4), [2, 1, 2, 1]));
    await expect(cache.load(key)).rejects.toEqual(invalid('images.npy'));
  });

  // A garbage .npy is CHECKPOINT_INVALID naming its file (readNpy's DataFormatError used to escape).
  it('refuses an images.npy that is not an .npy file', async () => {
    const { cache, key } = await filledCache();
    await writeFile(join(cache.dir(key), 'images.npy'), 'not an npy file at all');
    await expect(cache.load(key)).rejects.toEqual(invalid('images.npy'));
  });

  it('refuses a finished batch whose record is torn, instead of resuming from it', async () => {
    const { cache, partialKey } = await filledCache();
    await writeFile(join(cache.dir(partialKey), 'batches', '00001.json'), '{"losses": [');
    await expect(cache.loadPartial(partialKey)).rejects.toEqual(invalid('00001.json'));
  });

  it('refuses a finished batch whose images are not an .npy file', async () => {
    const { cache, partialKey } = await filledCache();
    await writeFile(join(cache.dir(partialKey), 'batches', '00000.npy'), Buffer.alloc(200, 7));
    await expect(cache.loadPartial(partialKey)).rejects.toEqual(invalid('00000.npy'));
  });
});
