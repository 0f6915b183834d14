/**
 * Dataset images by index, for sample grids, galleries and analysis scripts:
 *   GET /datasets/<id>/images.npy?indices=0,5,17    float32 .npy [n, h, w, c] in [0, 1], in the order asked
 *   GET /datasets/<id>/images/<index>.png?scale=4   one image as PNG, each pixel scale x scale (1..16)
 *   GET /inversions/<id>/seeds.npy | targets.npy    the seed or target image of every pair, in pair order;
 *       ?start=64&count=32 for a window of pairs (image i is pair start + i)
 */
import type { ServerResponse } from 'node:http';
import { InvalidArgumentError, NotFoundError, renderContactSheet, writeNpy } from '@simlab/compute';
import type { BlobStore } from '../db/blob-store.js';
import type { Queryable } from '../db/database.js';
import { type DatasetRow, getDatasets } from '../db/dataset.queries.js';
import { getInversions, getPairs } from '../db/inversion.queries.js';
import { NotReadyError } from '../errors.js';
import { readDatasetImages } from '../images/dataset-images.js';

/** Most indices one `?indices=` request may list: more is an export, which an inversion's windows serve. */
const MAX_IMAGES_PER_REQUEST = 4096;

export const DATASET_IMAGES_PATH = /^\/datasets\/([^/]+)\/images(?:\.npy|\/(\d+)\.png)$/;
export const INVERSION_IMAGES_PATH = /^\/inversions\/([^/]+)\/(seeds|targets)\.npy$/;

export async function handleDatasetImages(
  url: URL,
  res: ServerResponse,
  db: Queryable,
  blobs: BlobStore,
): Promise<void> {
  const datasetMatch = DATASET_IMAGES_PATH.exec(url.pathname);
  if (datasetMatch) {
    const dataset = await findDataset(db, decodeURIComponent(datasetMatch[1]!));
    if (datasetMatch[2] !== undefined) {
      const scale = parseScale(url.searchParams.get('scale'));
      const image = await readDatasetImages(blobs, dataset, [Number(datasetMatch[2])]);
      const [, h, w, c] = image.shape;
      return send(
        res,
        'image/png',
        renderContactSheet({ rows: [image.data], imageShape: [h, w, c], scale, gap: 0 }),
      );
    }
    const image = await readDatasetImages(blobs, dataset, parseIndices(url.searchParams.get('indices')));
    return send(res, 'application/octet-stream', writeNpy(image.data, image.shape));
  }
  const inversionMatch = INVERSION_IMAGES_PATH.exec(url.pathname);
  if (!inversionMatch) throw new NotFoundError(`no images at ${url.pathname}`);
  const id = decodeURIComponent(inversionMatch[1]!);
  const [inversion] = await getInversions(db, [id]);
  if (!inversion) throw new NotFoundError(`no inversion with id ${JSON.stringify(id)}`);
  const pairs = await getPairs(db, id);
  if (!pairs) {
    throw new NotReadyError(
      `inversion ${id} has not sampled its pairs yet (status ${inversion.status}); they are sampled when its job starts`,
    );
  }
  const dataset = await findDataset(db, inversion.datasetId);
  const role = inversionMatch[2] === 'seeds' ? 'seedIndex' : 'targetIndex';
  const { start, count } = parseWindow(url.searchParams, pairs.length);
  const indices = pairs.slice(start, start + count).map((p) => p[role]);
  const images = await readDatasetImages(blobs, dataset, indices);
  return send(res, 'application/octet-stream', writeNpy(images.data, images.shape));
}

async function findDataset(db: Queryable, id: string): Promise<DatasetRow> {
  const [dataset] = await getDatasets(db, [id]);
  if (!dataset)
    throw new NotFoundError(`no dataset with id ${JSON.stringify(id)}; list them with the datasets query`);
  return dataset;
}

function parseIndices(text: string | null): number[] {
  if (!text) {
    throw new InvalidArgumentError(
      'give the images to read as ?indices=0,5,17 (comma-separated dataset indices)',
    );
  }
  const parts = text.split(',');
  if (parts.length > MAX_IMAGES_PER_REQUEST) {
    throw new InvalidArgumentError(
      `${parts.length} images asked for at once; ask for at most ${MAX_IMAGES_PER_REQUEST} per request`,
    );
  }
  return parts.map((part) => {
    const trimmed = part.trim();
    if (!/^\d+$/.test(trimmed)) {
      throw new InvalidArgumentError(
        `indices holds ${JSON.stringify(part)}, which is not a non-negative integer; write ?indices=0,5,17`,
      );
    }
    return Number(trimmed);
  });
}

/** `?start=&count=` over `total` pairs: all of them by default; a window must lie inside the pairs. */
function parseWindow(params: URLSearchParams, total: number): { start: number; count: number } {
  const read = (name: string, min: number): number | null => {
    const text = params.get(name);
    if (text === null) return null;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min) {
      throw new InvalidArgumentError(
        `${name} must be an integer of at least ${min}, got ${JSON.stringify(text)}`,
      );
    }
    return value;
  };
  const start = read('start', 0) ?? 0;
  if (start >= total) {
    throw new InvalidArgumentError(
      `start ${start} is past the last pair; this inversion has pairs 0..${total - 1}`,
    );
  }
  return { start, count: Math.min(read('count', 1) ?? total, total - start) };
}

function parseScale(text: string | null): number {
  if (text === null) return 1;
  const scale = Number(text);
  if (!Number.isInteger(scale) || scale < 1 || scale > 16) {
    throw new InvalidArgumentError(`scale must be an integer from 1 to 16, got ${JSON.stringify(text)}`);
  }
  return scale;
}

function send(res: ServerResponse, type: string, body: Buffer): void {
  // Pixels behind an id never change (a dataset's hash is fixed once READY, pairs once sampled).
  res.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': 'private, max-age=3600',
  });
  res.end(body);
}
