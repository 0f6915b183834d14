/**
 * Dataset images by index over HTTP and GraphQL, on a real server with its in-process worker (PGlite): the
 * pixels served equal the pixels compute loads, for 8-bit (MNIST) and float32 (uploaded) storage; inversion
 * seeds and targets follow the pairs; batch previews are real contact sheets; bad requests say what to fix;
 * a dataset from before pixels were stored gets them by registering again, and never changes its hash.
 */
import { loadMnist, readNpy } from '@simlab/compute';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeMissingPixels } from '../startup/register-catalog.js';
import {
  type JobView,
  mutate,
  REGISTER_DATASET,
  registerUploaded,
  START_INVERSION,
  trainTiny,
  waitForJob,
} from '../test-support/api.js';
import { syntheticDataset } from '../test-support/synthetic-dataset.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { sampleIndices } from './dataset-samples.js';

const SIZE = 8;
const PIXELS = SIZE * SIZE;

describe('dataset images served by index', () => {
  let t: TestServer;
  let synthetic: { images: Float32Array; labels: Int32Array };
  let datasetId: string;
  let mnistId: string;

  async function getNpy(path: string) {
    const res = await fetch(`${t.url}${path}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return readNpy(new Uint8Array(await res.arrayBuffer()));
  }

  async function getError(path: string): Promise<{ status: number; code: string; message: string }> {
    const res = await fetch(`${t.url}${path}`);
    const body = (await res.json()) as { error: { code: string; message: string } };
    return { status: res.status, ...body.error };
  }

  async function registerMnist(): Promise<{ id: string; job: JobView | null; cached: boolean }> {
    const payload = await mutate<{ dataset: { id: string }; job: JobView | null; cached: boolean }>(
      t,
      REGISTER_DATASET,
      { input: { name: 'mnist', source: 'mnist' } },
    );
    const job = payload.job && (await waitForJob(t, payload.job.id));
    return { id: payload.dataset.id, job, cached: payload.cached };
  }

  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', worker: true });
    const files = syntheticDataset({ count: 64, size: SIZE, classes: 4 });
    synthetic = {
      images: readNpy(files.images).data as Float32Array,
      labels: readNpy(files.labels).data as Int32Array,
    };
    datasetId = await registerUploaded(t, 'synthetic', files);
    const mnist = await registerMnist();
    expect(mnist.job?.status).toBe('COMPLETED');
    mnistId = mnist.id;
  });
  afterAll(async () => t?.close());

  it('serves float32 pixels exactly as uploaded, in the order asked, repeats included', async () => {
    const array = await getNpy(`/datasets/${datasetId}/images.npy?indices=5,0,63,5`);
    expect(array.shape).toEqual([4, SIZE, SIZE, 1]);
    [5, 0, 63, 5].forEach((index, n) => {
      expect(array.data.subarray(n * PIXELS, (n + 1) * PIXELS)).toEqual(
        synthetic.images.subarray(index * PIXELS, (index + 1) * PIXELS),
      );
    });
  });

  it('serves MNIST from 8-bit storage with the exact pixels compute loads', async () => {
    const mnist = loadMnist();
    const indices = [0, 1234, 9999];
    const array = await getNpy(`/datasets/${mnistId}/images.npy?indices=${indices.join(',')}`);
    expect(array.dtype).toBe('f4');
    indices.forEach((index, n) => {
      expect(array.data.subarray(n * 784, (n + 1) * 784)).toEqual(
        mnist.images.subarray(index * 784, (index + 1) * 784),
      );
    });
  });

  it('serves one image as a PNG, scaled, with the same grey levels', async () => {
    const res = await fetch(`${t.url}/datasets/${mnistId}/images/7.png?scale=3`);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    expect([png.width, png.height]).toEqual([84, 84]);
    const pixels = loadMnist().images.subarray(7 * 784, 8 * 784);
    for (const [y, x] of [
      [0, 0],
      [14, 14],
      [20, 9],
      [27, 27],
    ] as const) {
      const grey = png.data[((y * 3 + 1) * png.width + (x * 3 + 2)) * 4]!;
      expect(grey).toBe(Math.round(pixels[y * 28 + x]! * 255));
    }
  });

  it('answers a sample grid: the first images of each class, with labels and a URL for their pixels', async () => {
    const res = await t.gql<{
      dataset: {
        imagesStored: boolean;
        samples: { perClass: number; indices: number[]; labels: number[]; imagesUrl: string };
      };
    }>(
      'query($id: ID!) { dataset(id: $id) { imagesStored samples(perClass: 3) { perClass indices labels imagesUrl } } }',
      {
        id: datasetId,
      },
    );
    const { imagesStored, samples } = res.data!.dataset;
    expect(imagesStored).toBe(true);
    // Labels are i % 4: class c's first three images are c, c + 4, c + 8.
    expect(samples.indices).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(samples.labels).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    const array = await getNpy(samples.imagesUrl);
    expect(array.shape).toEqual([12, SIZE, SIZE, 1]);
    expect(array.data.subarray(PIXELS, 2 * PIXELS)).toEqual(
      synthetic.images.subarray(4 * PIXELS, 5 * PIXELS),
    );
  });

  it('gives a dataset of many classes fewer samples per class, within one URL', async () => {
    const manyId = await registerUploaded(
      t,
      'many-classes',
      syntheticDataset({ count: 1200, size: 4, classes: 300 }),
    );
    const res = await t.gql<{
      dataset: { samples: { perClass: number; indices: number[]; imagesUrl: string } };
    }>('query($id: ID!) { dataset(id: $id) { samples(perClass: 8) { perClass indices imagesUrl } } }', {
      id: manyId,
    });
    const { samples } = res.data!.dataset;
    expect(samples.perClass).toBe(3); // floor(1024 / 300)
    expect(samples.indices).toHaveLength(900);
    expect((await getNpy(samples.imagesUrl)).shape).toEqual([900, 4, 4, 1]);
  });

  it('picks samples per class in dataset order, and all of a class that has fewer', () => {
    expect(sampleIndices(Int32Array.of(2, 0, 0, 2, 0, 2, 2), 3, 2)).toEqual([1, 2, 0, 3]);
    expect(sampleIndices(Int32Array.of(1, 1, 0), 2, 5)).toEqual([2, 0, 1]);
  });

  it('refuses bad requests with a status, a code and what to do', async () => {
    expect(await getError(`/datasets/${datasetId}/images.npy?indices=3,64`)).toMatchObject({
      status: 400,
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('holds images 0..63'),
    });
    expect(await getError(`/datasets/${datasetId}/images.npy?indices=1,x`)).toMatchObject({
      status: 400,
      message: expect.stringContaining('"x"'),
    });
    expect(await getError(`/datasets/${datasetId}/images.npy`)).toMatchObject({
      status: 400,
      message: expect.stringContaining('?indices='),
    });
    const many = Array.from({ length: 4097 }, () => 0).join(',');
    expect(await getError(`/datasets/${datasetId}/images.npy?indices=${many}`)).toMatchObject({
      status: 400,
      message: expect.stringContaining('at most 4096'),
    });
    expect(await getError(`/datasets/${datasetId}/images/0.png?scale=99`)).toMatchObject({
      status: 400,
      message: expect.stringContaining('1 to 16'),
    });
    expect(await getError('/datasets/no-such-id/images.npy?indices=0')).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(await getError('/inversions/no-such-id/seeds.npy')).toMatchObject({ status: 404 });
    const perClass = await t.gql(
      'query($id: ID!) { dataset(id: $id) { samples(perClass: 0) { indices } } }',
      {
        id: datasetId,
      },
    );
    expect(perClass.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_ARGUMENT' } });
  });

  it("serves an inversion's seeds and targets in pair order, and a contact sheet per batch", async () => {
    const modelId = await trainTiny(t, { name: 'mlp-images', architectureId: 'mlp', datasetId });
    const started = await mutate<{ inversion: { id: string }; job: JobView }>(t, START_INVERSION, {
      input: { modelId, datasetId, pairCount: 6, pairSeed: 11, parameters: { iterations: 3, batchSize: 4 } },
    });
    expect((await waitForJob(t, started.job.id)).status).toBe('COMPLETED');
    const res = await t.gql<{
      inversion: {
        seedImagesUrl: string;
        targetImagesUrl: string;
        pairs: { seedIndex: number; targetIndex: number }[];
        batches: { previewUrl: string | null; imagesUrl: string }[];
      };
    }>(
      `query($id: ID!) { inversion(id: $id) { seedImagesUrl targetImagesUrl pairs { seedIndex targetIndex }
         batches { previewUrl imagesUrl } } }`,
      { id: started.inversion.id },
    );
    const inversion = res.data!.inversion;
    const seeds = await getNpy(inversion.seedImagesUrl);
    const targets = await getNpy(inversion.targetImagesUrl);
    expect(seeds.shape).toEqual([6, SIZE, SIZE, 1]);
    inversion.pairs.forEach((pair, i) => {
      const slice = (a: Float32Array, n: number) => a.subarray(n * PIXELS, (n + 1) * PIXELS);
      expect(slice(seeds.data as Float32Array, i)).toEqual(slice(synthetic.images, pair.seedIndex));
      expect(slice(targets.data as Float32Array, i)).toEqual(slice(synthetic.images, pair.targetIndex));
    });
    // A window of pairs: the same images, the same pair indices, the batches holding them.
    const window = await t.gql<{
      inversion: {
        seedImagesUrl: string;
        pairs: { index: number; seedIndex: number }[];
        batches: { index: number }[];
      };
    }>(
      `query($id: ID!) { inversion(id: $id) { seedImagesUrl(start: 2, count: 3) pairs(start: 2, count: 3) { index seedIndex }
         batches(start: 1) { index } } }`,
      { id: started.inversion.id },
    );
    const w = window.data!.inversion;
    expect(w.pairs.map((p) => p.index)).toEqual([2, 3, 4]);
    expect(w.batches.map((b) => b.index)).toEqual([1]);
    expect(w.seedImagesUrl).toMatch(/seeds\.npy\?start=2&count=3$/);
    const windowed = await getNpy(w.seedImagesUrl);
    expect(windowed.shape).toEqual([3, SIZE, SIZE, 1]);
    expect(windowed.data).toEqual((seeds.data as Float32Array).subarray(2 * PIXELS, 5 * PIXELS));
    // A window running past the end stops at the last pair; one starting past it is refused.
    expect((await getNpy(`${inversion.seedImagesUrl}?start=4&count=100`)).shape[0]).toBe(2);
    expect(await getError(`${inversion.seedImagesUrl}?start=6`)).toMatchObject({
      status: 400,
      message: expect.stringContaining('pairs 0..5'),
    });
    expect(await getError(`${inversion.seedImagesUrl}?count=0`)).toMatchObject({ status: 400 });
    const negative = await t.gql('query($id: ID!) { inversion(id: $id) { pairs(start: -1) { index } } }', {
      id: started.inversion.id,
    });
    expect(negative.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_ARGUMENT' } });

    // Batch 1 holds pairs 4 and 5: one band of seed / target / inverted rows, two columns, 2x scale, gap 2.
    const previewRes = await fetch(`${t.url}${inversion.batches[1]!.previewUrl}`);
    const preview = PNG.sync.read(Buffer.from(await previewRes.arrayBuffer()));
    expect([preview.width, preview.height]).toEqual([2 * (2 * SIZE + 2) + 2, 3 * (2 * SIZE + 2) + 6 + 2]);
    // The top-left pixel of the first seed in the sheet is pair 4's seed's top-left pixel.
    const seedPixel = synthetic.images[inversion.pairs[4]!.seedIndex * PIXELS]!;
    expect(preview.data[(2 * preview.width + 2) * 4]).toBe(Math.round(seedPixel * 255));
  });

  it('gives a dataset from before stored pixels its pixels when registered again, keeping it READY', async () => {
    const db = t.server.services.db;
    await db.query('UPDATE dataset SET images_sha256 = NULL, labels_sha256 = NULL WHERE id = $1', [mnistId]);
    expect(await getError(`/datasets/${mnistId}/images.npy?indices=0`)).toMatchObject({
      status: 409,
      code: 'NOT_READY',
      message: expect.stringContaining('call registerDataset again'),
    });
    const before = await t.gql<{ dataset: { imagesStored: boolean; samples: unknown } }>(
      'query($id: ID!) { dataset(id: $id) { imagesStored samples { indices } } }',
      { id: mnistId },
    );
    expect(before.data?.dataset).toEqual({ imagesStored: false, samples: null });
    const again = await registerMnist();
    expect(again).toMatchObject({ id: mnistId, cached: false, job: { status: 'COMPLETED' } });
    const array = await getNpy(`/datasets/${mnistId}/images.npy?indices=42`);
    expect(array.data).toEqual(loadMnist().images.subarray(42 * 784, 43 * 784));
    // Complete now: a third registration is answered from the store.
    expect(await registerMnist()).toMatchObject({ cached: true, job: null });
  });

  it('stores the missing pixels of older datasets at start-up, once', async () => {
    const db = t.server.services.db;
    await db.query('UPDATE dataset SET images_sha256 = NULL, labels_sha256 = NULL WHERE id = $1', [
      datasetId,
    ]);
    expect(await storeMissingPixels(t.server.services)).toBe(1);
    // Its job is still running or queued: a second start-up queues nothing more.
    expect(await storeMissingPixels(t.server.services)).toBe(0);
    const res = await t.gql<{ dataset: { job: { id: string } } }>(
      'query($id: ID!) { dataset(id: $id) { job { id } } }',
      {
        id: datasetId,
      },
    );
    expect((await waitForJob(t, res.data!.dataset.job.id)).status).toBe('COMPLETED');
    const array = await getNpy(`/datasets/${datasetId}/images.npy?indices=9`);
    expect(array.data).toEqual(synthetic.images.subarray(9 * PIXELS, 10 * PIXELS));
  });

  it('refuses to store pixels whose content differs from the hash results already name', async () => {
    const db = t.server.services.db;
    const [{ content_hash: hash }] = await db.query<{ content_hash: string }>(
      'SELECT content_hash FROM dataset WHERE id = $1',
      [mnistId],
    );
    await db.query(
      `UPDATE dataset SET images_sha256 = NULL, labels_sha256 = NULL, content_hash = $2 WHERE id = $1`,
      [mnistId, 'f'.repeat(64)],
    );
    const again = await registerMnist();
    expect(again.job).toMatchObject({
      status: 'FAILED',
      error: { message: expect.stringContaining('source changed') },
    });
    const row = await t.gql<{ dataset: { status: string; contentHash: string; imagesStored: boolean } }>(
      'query($id: ID!) { dataset(id: $id) { status contentHash imagesStored } }',
      { id: mnistId },
    );
    expect(row.data?.dataset).toEqual({ status: 'READY', contentHash: 'f'.repeat(64), imagesStored: false });
    await db.query('UPDATE dataset SET content_hash = $2 WHERE id = $1', [mnistId, hash]);
  });
});
