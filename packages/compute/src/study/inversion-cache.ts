/**
 * Content-addressed store of inversions on disk (SPEC §7: the same request with the same provenance returns the
 * stored result). The key is the SHA-256 of everything that decides the inverted images: the model's weights
 * hash, the dataset hash, the seed and target indices, every inversion parameter, and the code's major version.
 *
 *   <root>/<key>/request.json        the key material, readable
 *   <root>/<key>/batches/00003.npy   images of finished batch 3 [b, h, w, c]; 00003.json its losses and timing
 *   <root>/<key>/images.npy          all inverted images [n, h, w, c], once complete
 *   <root>/<key>/result.json         losses, parameters, timings, provenance; written last: marks completion
 *
 * Every file is written to a temporary name and renamed, so an interrupted run never leaves a torn file: a
 * later run resumes after the last finished batch.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readNpy, writeNpy } from '../data/npy.js';
import { CheckpointInvalidError } from '../errors.js';
import type { InversionParameters, InversionSettings } from '../invert/inversion-options.js';
import type { InversionPartial, InversionResult } from '../invert/inversion-result.js';
import { codeVersion } from '../provenance.js';

/** Bump when stored inversions stop being valid (file layout or algorithm); joins the code's major version. */
export const INVERSION_CACHE_SCHEMA = 1;

export interface InversionRequest {
  weightsHash: string;
  datasetHash: string;
  seedIndices: ArrayLike<number>;
  targetIndices: ArrayLike<number>;
  /** Every inversion setting, and the representation layer asked for (undefined: the default one). */
  settings: InversionSettings;
  layer?: string;
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
    const result = await readJson<Omit<CachedInversion, 'images' | 'key'>>(
      join(this.dir(key), 'result.json'),
    );
    if (!result) return undefined;
    const npy = await readFile(join(this.dir(key), 'images.npy')).catch((error: unknown) => {
      throw new CheckpointInvalidError(
        `${this.dir(key)} has result.json but no readable images.npy (${(error as Error).message}); delete ${this.dir(key)} to recompute`,
      );
    });
    const images = readNpy(npy, `${this.dir(key)}/images.npy`).data;
    if (!(images instanceof Float32Array) || images.length !== result.imageShape.reduce((a, b) => a * b, 1)) {
      throw new CheckpointInvalidError(
        `${this.dir(key)}/images.npy does not hold the ${result.imageShape.join('x')} float32 images of result.json; delete ${this.dir(key)}`,
      );
    }
    return { key, ...result, images };
  }

  /** The finished batches 0..k-1 under `key` as an invertImages checkpoint, or undefined when there are none. */
  async loadPartial(key: string): Promise<InversionPartial | undefined> {
    const folder = join(this.dir(key), 'batches');
    const names = new Set(await readdir(folder).catch(() => [] as string[]));
    const records: BatchRecord[] = [];
    const images: Float32Array[] = [];
    for (let k = 0; names.has(`${batchName(k)}.json`) && names.has(`${batchName(k)}.npy`); k++) {
      records.push((await readJson<BatchRecord>(join(folder, `${batchName(k)}.json`)))!);
      images.push(readNpy(await readFile(join(folder, `${batchName(k)}.npy`))).data as Float32Array);
    }
    const first = records[0];
    if (!first) return undefined;
    const flat = (pick: (r: BatchRecord) => number[]) => records.flatMap(pick);
    const losses = flat((r) => r.losses);
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
    };
    await atomicWrite(
      join(folder, `${batchName(index)}.npy`),
      writeNpy(partial.images.subarray(start * per, end * per), [end - start, h, w, c]),
    );
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
    const { images: _images, ...rest } = entry;
    await atomicWrite(join(dir, 'result.json'), `${JSON.stringify(rest)}\n`);
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

function batchName(k: number): string {
  return String(k).padStart(5, '0');
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
