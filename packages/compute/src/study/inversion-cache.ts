/**
 * Content-addressed store of inversions on disk (SPEC §7: the same request with the same provenance returns the
 * stored result). The key is the SHA-256 of everything that decides the inverted images: the model's weights
 * hash, the dataset hash, the seed and target indices, every inversion parameter, and the code's major version.
 *
 *   <root>/<key>/request.json        the key material, readable
 *   <root>/<key>/batches/00003.npy   images of finished batch 3 [b, h, w, c]; 00003.json its losses and timing
 *   <root>/<key>/batches/00003.t00200.npy   with convergence checkpoints: batch 3's images at iteration 200
 *   <root>/<key>/images.npy          all inverted images [n, h, w, c], once complete
 *   <root>/<key>/checkpoints/t00200.npy   with checkpoints: all images at iteration 200 [n, h, w, c]
 *   <root>/<key>/result.json         losses (and each checkpoint's), parameters, timings, provenance; written
 *                                    last: marks completion
 *
 * Every file is written to a temporary name and renamed, so an interrupted run never leaves a torn file: a
 * later run resumes after the last finished batch.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readNpy, writeNpy } from '../data/npy.js';
import { CheckpointInvalidError } from '../errors.js';
import type { InversionCheckpoint } from '../invert/inversion-checkpoints.js';
import type { InversionParameters, InversionSettings } from '../invert/inversion-options.js';
import type { InversionPartial, InversionResult } from '../invert/inversion-result.js';
import type { NoiseDistribution } from '../invert/noise-seeds.js';
import { codeVersion } from '../provenance.js';

/** Bump when stored inversions stop being valid (file layout or algorithm); joins the code's major version. */
export const INVERSION_CACHE_SCHEMA = 1;

export interface InversionRequest {
  weightsHash: string;
  datasetHash: string;
  /** Dataset images the inversions start from; empty when `seedNoise` gives the seeds. */
  seedIndices: ArrayLike<number>;
  targetIndices: ArrayLike<number>;
  /** Every inversion setting, and the representation layer asked for (undefined: the default one). */
  settings: InversionSettings;
  layer?: string;
  /** Convergence checkpoints to keep (invertImages `checkpoints`); in the key only when non-empty. */
  checkpoints?: readonly number[];
  /** Seeds drawn as noise (STIR, noiseImages) instead of dataset images; in the key only when present. */
  seedNoise?: { distribution: NoiseDistribution; seed: number };
}

/** A checkpoint of a stored inversion: the images and losses a run of `iteration` iterations returns. */
export interface CachedCheckpoint {
  iteration: number;
  images: Float32Array;
  losses: number[];
}

/** A finished inversion as stored: the images and what `invertImages` returned beside them. */
export interface CachedInversion {
  key: string;
  images: Float32Array;
  imageShape: [number, number, number, number];
  losses: number[];
  seedLosses: number[];
  zeroGradientSteps: number[];
  lossCurve: number[];
  parameters: InversionParameters;
  timings: InversionResult['timings'];
  /** Free-form provenance stored with the result (backend, code version, createdAt). */
  provenance: Record<string, unknown>;
  /** With request.checkpoints: each checkpoint's images and losses, in iteration order. */
  checkpoints?: CachedCheckpoint[];
}

interface BatchRecord {
  losses: number[];
  seedLosses: number[];
  zeroGradientSteps: number[];
  lossCurve: number[];
  ms: number;
  parameters: InversionParameters;
  imageShape: [number, number, number, number];
  batches: number;
  /** With checkpoints: the batch's losses at each (images in batches/<k>.t<iteration>.npy). */
  checkpoints?: { iteration: number; losses: number[] }[];
}

/** The major of the package version (`@simlab/compute@0.1.0+abc` -> '0'). */
export function codeMajorVersion(version = codeVersion()): string {
  return /@(\d+)\./.exec(version)?.[1] ?? version;
}

/** Hex SHA-256 of the canonical JSON of the request (fixed key order, indices as plain arrays). */
export function inversionKey(request: InversionRequest): string {
  const s = request.settings;
  const material = {
    schema: INVERSION_CACHE_SCHEMA,
    codeMajor: codeMajorVersion(),
    weightsHash: request.weightsHash,
    datasetHash: request.datasetHash,
    seedIndices: Array.from(request.seedIndices),
    targetIndices: Array.from(request.targetIndices),
    settings: [s.stepSize, s.iterations, s.momentum, s.eps, s.useBest, s.batchSize, s.fakeRelu],
    layer: request.layer ?? null,
    // Added only when used, so that the keys of inversions stored before these options existed stay valid.
    ...(request.checkpoints?.length && { checkpoints: [...request.checkpoints] }),
    ...(request.seedNoise && {
      seedNoise: [request.seedNoise.distribution, request.seedNoise.seed],
    }),
  };
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

export class InversionCache {
  constructor(readonly root: string) {}

  dir(key: string): string {
    return join(this.root, key);
  }

  /** The finished inversion under `key`, or undefined. @throws CheckpointInvalidError for a corrupt entry. */
  async load(key: string): Promise<CachedInversion | undefined> {
    const stored = await readJson<StoredResult>(join(this.dir(key), 'result.json'));
    if (!stored) return undefined;
    const { checkpoints: storedCheckpoints, ...result } = stored;
    const size = result.imageShape.reduce((a, b) => a * b, 1);
    const images = await readImages(join(this.dir(key), 'images.npy'), size);
    if (!storedCheckpoints) return { key, ...result, images };
    const checkpoints: CachedCheckpoint[] = [];
    for (const { iteration, losses } of storedCheckpoints) {
      const path = join(this.dir(key), 'checkpoints', `${checkpointName(iteration)}.npy`);
      checkpoints.push({ iteration, losses, images: await readImages(path, images.length) });
    }
    return { key, ...result, images, checkpoints };
  }

  /** The finished batches 0..k-1 under `key` as an invertImages checkpoint, or undefined when there are none. */
  async loadPartial(key: string): Promise<InversionPartial | undefined> {
    const folder = join(this.dir(key), 'batches');
    const names = new Set(await readdir(folder).catch(() => [] as string[]));
    const records: BatchRecord[] = [];
    const images: Float32Array[] = [];
    const checkpointImages: Float32Array[][] = [];
    for (let k = 0; names.has(`${batchName(k)}.json`) && names.has(`${batchName(k)}.npy`); k++) {
      const record = (await readJson<BatchRecord>(join(folder, `${batchName(k)}.json`)))!;
      const [, h, w, c] = record.imageShape;
      const size = record.losses.length * h * w * c;
      records.push(record);
      images.push(await readImages(join(folder, `${batchName(k)}.npy`), size));
      const atCheckpoints: Float32Array[] = [];
      for (const { iteration } of record.checkpoints ?? []) {
        const path = join(folder, `${batchName(k)}.${checkpointName(iteration)}.npy`);
        atCheckpoints.push(await readImages(path, size));
      }
      checkpointImages.push(atCheckpoints);
    }
    const first = records[0];
    if (!first) return undefined;
    const flat = (pick: (r: BatchRecord) => number[]) => records.flatMap(pick);
    const losses = flat((r) => r.losses);
    const checkpoints: InversionCheckpoint[] | undefined = first.checkpoints?.map(({ iteration }, t) => ({
      iteration,
      images: concat(checkpointImages.map((batch) => batch[t]!)),
      losses: Float32Array.from(records.flatMap((r) => r.checkpoints![t]!.losses)),
    }));
    return {
      parameters: first.parameters,
      imageShape: first.imageShape,
      batches: first.batches,
      batchesDone: records.length,
      samplesDone: losses.length,
      images: concat(images),
      losses: Float32Array.from(losses),
      seedLosses: Float32Array.from(flat((r) => r.seedLosses)),
      zeroGradientSteps: Uint32Array.from(flat((r) => r.zeroGradientSteps)),
      batchLossCurves: records.map((r) => Float64Array.from(r.lossCurve)),
      batchMs: records.map((r) => r.ms),
      ...(checkpoints && { checkpoints }),
    };
  }

  /** Stores batch `index` of `partial` (the batches up to and including it, as onBatchDone passes them). */
  async saveBatch(
    key: string,
    request: InversionRequest,
    index: number,
    partial: InversionPartial,
  ): Promise<void> {
    const folder = join(this.dir(key), 'batches');
    await mkdir(folder, { recursive: true });
    if (index === 0) await atomicWrite(join(this.dir(key), 'request.json'), describeRequest(request));
    const start = index * partial.parameters.batchSize;
    const end = partial.samplesDone;
    const [, h, w, c] = partial.imageShape;
    const per = h * w * c;
    const record: BatchRecord = {
      losses: Array.from(partial.losses.subarray(start, end)),
      seedLosses: Array.from(partial.seedLosses.subarray(start, end)),
      zeroGradientSteps: Array.from(partial.zeroGradientSteps.subarray(start, end)),
      lossCurve: Array.from(partial.batchLossCurves[index] ?? []),
      ms: partial.batchMs[index] ?? 0,
      parameters: partial.parameters,
      imageShape: partial.imageShape,
      batches: partial.batches,
      ...(partial.checkpoints && {
        checkpoints: partial.checkpoints.map((c) => ({
          iteration: c.iteration,
          losses: Array.from(c.losses.subarray(start, end)),
        })),
      }),
    };
    const shape: [number, number, number, number] = [end - start, h, w, c];
    await atomicWrite(
      join(folder, `${batchName(index)}.npy`),
      writeNpy(partial.images.subarray(start * per, end * per), shape),
    );
    for (const c of partial.checkpoints ?? []) {
      await atomicWrite(
        join(folder, `${batchName(index)}.${checkpointName(c.iteration)}.npy`),
        writeNpy(c.images.subarray(start * per, end * per), shape),
      );
    }
    // The record last: a batch counts as stored only once all its images are.
    await atomicWrite(join(folder, `${batchName(index)}.json`), JSON.stringify(record));
  }

  /** Stores a finished inversion (images first, result.json last) and drops its batch files. */
  async saveComplete(
    key: string,
    request: InversionRequest,
    entry: Omit<CachedInversion, 'key'>,
  ): Promise<CachedInversion> {
    const dir = this.dir(key);
    await mkdir(dir, { recursive: true });
    await atomicWrite(join(dir, 'request.json'), describeRequest(request));
    await atomicWrite(join(dir, 'images.npy'), writeNpy(entry.images, entry.imageShape));
    if (entry.checkpoints) await mkdir(join(dir, 'checkpoints'), { recursive: true });
    for (const c of entry.checkpoints ?? []) {
      await atomicWrite(
        join(dir, 'checkpoints', `${checkpointName(c.iteration)}.npy`),
        writeNpy(c.images, entry.imageShape),
      );
    }
    const { images: _images, checkpoints, ...rest } = entry;
    const stored: StoredResult = {
      ...rest,
      ...(checkpoints && {
        checkpoints: checkpoints.map(({ iteration, losses }) => ({ iteration, losses })),
      }),
    };
    await atomicWrite(join(dir, 'result.json'), `${JSON.stringify(stored)}\n`);
    await rm(join(dir, 'batches'), { recursive: true, force: true });
    return { key, ...entry };
  }
}

function describeRequest(request: InversionRequest): string {
  const { seedIndices, targetIndices, ...rest } = request;
  const body = {
    ...rest,
    seedIndices: Array.from(seedIndices),
    targetIndices: Array.from(targetIndices),
    codeMajor: codeMajorVersion(),
    schema: INVERSION_CACHE_SCHEMA,
  };
  return `${JSON.stringify(body, null, 1)}\n`;
}

/** result.json: everything but the images (checkpoints keep their losses; their images are files). */
type StoredResult = Omit<CachedInversion, 'images' | 'key' | 'checkpoints'> & {
  checkpoints?: { iteration: number; losses: number[] }[];
};

function batchName(k: number): string {
  return String(k).padStart(5, '0');
}

function checkpointName(iteration: number): string {
  return `t${String(iteration).padStart(5, '0')}`;
}

/**
 * Float32 images of `length` values from an .npy file of the cache.
 * @throws CheckpointInvalidError naming the file for a missing, unreadable or wrongly sized file.
 */
async function readImages(path: string, length: number): Promise<Float32Array> {
  let data: unknown;
  try {
    data = readNpy(await readFile(path), path).data;
  } catch (error) {
    throw new CheckpointInvalidError(
      `${path} is missing or unreadable (${(error as Error).message}); delete its inversion's folder to recompute`,
    );
  }
  if (!(data instanceof Float32Array) || data.length !== length) {
    throw new CheckpointInvalidError(
      `${path} does not hold the ${length} float32 values its record says; delete its inversion's folder to recompute`,
    );
  }
  return data;
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CheckpointInvalidError(
      `${path} is not valid JSON (${(error as Error).message}); delete it to recompute`,
    );
  }
}
