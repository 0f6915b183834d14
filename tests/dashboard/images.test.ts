/**
 * Dataset and inversion images in Chromium against a real server on PGlite: the datasets page's sample grid and
 * an inversion's seed and target images hold the pixels the API serves (and the dataset was registered with),
 * and a dataset without stored pixels says how to store them.
 */
import { readNpy } from '@simlab/compute';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mutate,
  REGISTER_DATASET,
  START_INVERSION,
  trainTiny,
  upload,
  waitForJob,
} from '../../apps/server/src/test-support/api';
import { syntheticDataset } from '../../apps/server/src/test-support/synthetic-dataset';
import type { TestServer } from '../../apps/server/src/test-support/test-server';
import { contextWithToken, openPage, screenshot } from './support/browser';
import { fetchNpyImages, maxDifference, readCanvases, waitForDrawn } from './support/canvas-images';
import type { DashboardApp } from './support/dashboard-app';
import { type Stack, startStack } from './support/stack';

const SIZE = 16;
const CLASSES = 4;
/** The dashboard's sample grid: 8 images per class (ui/datasets/sample-section.tsx). */
const PER_CLASS = 8;

/** Uploads a synthetic dataset and registers it under `name`; the upload ids allow registering it again. */
async function register(t: TestServer, name: string, files: { images: Buffer; labels: Buffer }) {
  const uploadIds = [
    await upload(t, 'images.npy', files.images),
    await upload(t, 'labels.npy', files.labels),
  ];
  const again = async () => {
    const payload = await mutate<{ dataset: { id: string }; job: { id: string } | null }>(
      t,
      REGISTER_DATASET,
      {
        input: { name, uploadIds },
      },
    );
    if (payload.job) expect((await waitForJob(t, payload.job.id)).status).toBe('COMPLETED');
    return payload.dataset.id;
  };
  return { id: await again(), again };
}

/** Image `index` of the [count, SIZE, SIZE, 1] dataset the test uploaded. */
function uploadedImage(files: { images: Buffer }, index: number): Float32Array {
  const { data } = readNpy(new Uint8Array(files.images), 'uploaded images');
  return (data as Float32Array).slice(index * SIZE * SIZE, (index + 1) * SIZE * SIZE);
}

describe('dataset and inversion images in the dashboard', () => {
  let stack: Stack;
  let t: TestServer;
  let app: DashboardApp;
  let browser: Browser;
  let viewer: BrowserContext;
  const files = syntheticDataset({ count: 64, size: SIZE, classes: CLASSES });
  let datasetId: string;
  let inversionId: string;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    ({ t, app, browser } = stack);
    datasetId = (await register(t, 'synthetic', files)).id;
    const modelId = await trainTiny(t, { name: 'mlp-0', architectureId: 'mlp', datasetId });
    const started = await mutate<{ inversion: { id: string }; job: { id: string } }>(t, START_INVERSION, {
      input: { modelId, datasetId, pairCount: 8, pairSeed: 3, parameters: { iterations: 8, batchSize: 4 } },
    });
    expect((await waitForJob(t, started.job.id)).status).toBe('COMPLETED');
    inversionId = started.inversion.id;
    viewer = await contextWithToken(browser, t.tokens.viewer);
  });
  afterAll(async () => stack?.close());

  it('draws the first 8 images of each class on the datasets page, pixel for pixel as the API serves them', async () => {
    const { page, errors } = await openPage(viewer, `${app.url}/datasets`);
    const grid = page.getByTestId('sample-grid');
    await waitForDrawn(page, '[data-testid="sample-grid"]', CLASSES * PER_CLASS, SIZE);
    expect(await grid.getByTestId('sample-row').count()).toBe(CLASSES);

    const res = await t.gql<{
      dataset: { samples: { indices: number[]; labels: number[]; imagesUrl: string } };
    }>(
      `query($id: ID!) { dataset(id: $id) { samples(perClass: ${PER_CLASS}) { indices labels imagesUrl } } }`,
      { id: datasetId },
    );
    const samples = res.data!.dataset.samples;
    const api = await fetchNpyImages(t, samples.imagesUrl);
    expect(api.shape).toEqual([CLASSES * PER_CLASS, SIZE, SIZE, 1]);
    const drawn = await readCanvases(grid);
    expect(drawn).toHaveLength(CLASSES * PER_CLASS);
    for (const [position, image] of drawn.entries()) {
      // "synthetic #12, label 0": the canvas names its dataset index and label; rows go class 0 first.
      const [, index, label] = /^synthetic #(\d+), label (\d+)$/.exec(image.label) ?? [];
      expect(Number(index), image.label).toBe(samples.indices[position]);
      expect(Number(label), image.label).toBe(samples.labels[position]);
      expect(Number(label)).toBe(Number(index) % CLASSES); // the synthetic set's labels
      expect([image.width, image.height, image.notGrey]).toEqual([SIZE, SIZE, false]);
      expect(maxDifference(image.red, api.images[position]!), image.label).toBeLessThanOrEqual(1);
      expect(maxDifference(image.red, uploadedImage(files, Number(index))), image.label).toBeLessThanOrEqual(
        1,
      );
    }
    await screenshot(page, 'datasets-samples');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws each pair’s seed and target as the API serves them, its inverted image and contact sheets', async () => {
    const { page, errors } = await openPage(viewer, `${app.url}/inversions/${inversionId}`);
    const gallery = page.getByTestId('inversion-gallery');
    await waitForDrawn(page, '[data-testid="inversion-gallery"]', 8 * 3, SIZE);
    expect(await gallery.locator('.image-placeholder').count()).toBe(0);

    const res = await t.gql<{
      inversion: {
        seedImagesUrl: string;
        targetImagesUrl: string;
        pairs: { index: number; seedIndex: number; targetIndex: number }[];
        batches: { previewUrl: string | null }[];
      };
    }>(
      `query($id: ID!) { inversion(id: $id) {
        seedImagesUrl targetImagesUrl pairs { index seedIndex targetIndex } batches { previewUrl } } }`,
      { id: inversionId },
    );
    const inversion = res.data!.inversion;
    expect(inversion.seedImagesUrl).toBe(`/inversions/${inversionId}/seeds.npy`);
    const seeds = await fetchNpyImages(t, inversion.seedImagesUrl);
    const targets = await fetchNpyImages(t, inversion.targetImagesUrl);
    for (const pair of inversion.pairs) {
      const [seed, target, inverted] = await readCanvases(gallery.locator(`[data-pair="${pair.index}"]`));
      expect(seed!.label).toMatch(new RegExp(`^seed #${pair.seedIndex}, label `));
      expect(target!.label).toMatch(new RegExp(`^target #${pair.targetIndex}, label `));
      expect(inverted!.label).toMatch(new RegExp(`^inverted pair ${pair.index}, `));
      for (const [image, api, index] of [
        [seed!, seeds.images[pair.index]!, pair.seedIndex],
        [target!, targets.images[pair.index]!, pair.targetIndex],
      ] as const) {
        // Not blank: the synthetic images hold a white 3x3 patch on dim noise.
        expect(Math.max(...image.red), image.label).toBe(255);
        expect(Math.min(...image.red), image.label).toBeLessThan(60);
        expect(maxDifference(image.red, api), image.label).toBeLessThanOrEqual(1);
        expect(maxDifference(image.red, uploadedImage(files, index)), image.label).toBeLessThanOrEqual(1);
      }
    }

    // One contact sheet per batch, a PNG through the dashboard's proxy.
    const sheets = page.getByTestId('contact-sheets').getByRole('link');
    expect(await sheets.count()).toBe(inversion.batches.length);
    const href = await sheets.first().getAttribute('href');
    expect(href).toBe(`/api${inversion.batches[0]!.previewUrl}`);
    const png = await page.request.get(`${app.url}${href}`);
    expect(png.headers()['content-type']).toBe('image/png');
    expect([...(await png.body()).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    await screenshot(page, 'inversion-seed-target-images');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('pages through an inversion of more pairs than one page, loading only the page’s pixels', async () => {
    const modelId = await trainTiny(t, { name: 'mlp-paged', architectureId: 'mlp', datasetId, seed: 5 });
    const started = await mutate<{ inversion: { id: string }; job: { id: string } }>(t, START_INVERSION, {
      input: { modelId, datasetId, pairCount: 40, pairSeed: 4, parameters: { iterations: 2, batchSize: 16 } },
    });
    expect((await waitForJob(t, started.job.id)).status).toBe('COMPLETED');
    const id = started.inversion.id;
    const { page, errors } = await openPage(viewer, `${app.url}/inversions/${id}`);
    const pager = page.getByTestId('gallery-pager').first();
    await pager.getByText('pairs 1–32 of 40').waitFor();
    const gallery = page.getByTestId('inversion-gallery');
    await waitForDrawn(page, '[data-testid="inversion-gallery"]', 32 * 3, SIZE);

    const npyRequests: string[] = [];
    page.on(
      'request',
      (r) =>
        r.url().includes('.npy') && npyRequests.push(new URL(r.url()).pathname + new URL(r.url()).search),
    );
    await pager.getByRole('button', { name: 'Next →' }).click();
    await pager.getByText('pairs 33–40 of 40').waitFor();
    await waitForDrawn(page, '[data-testid="inversion-gallery"]', 8 * 3, SIZE);
    expect(new URL(page.url()).searchParams.get('pairs')).toBe('32');
    expect(
      await gallery.getByTestId('triplet').evaluateAll((els) => els.map((e) => e.getAttribute('data-pair'))),
    ).toEqual(Array.from({ length: 8 }, (_, i) => String(32 + i)));
    // The second page fetched its 8 seeds and targets and batch 2's images, not every pair's.
    expect(npyRequests).toEqual(
      expect.arrayContaining([
        `/api/inversions/${id}/seeds.npy?start=32&count=8`,
        `/api/inversions/${id}/targets.npy?start=32&count=8`,
      ]),
    );
    const res = await t.gql<{ inversion: { pairs: { index: number; seedIndex: number }[] } }>(
      'query($id: ID!) { inversion(id: $id) { pairs(start: 32) { index seedIndex } } }',
      { id },
    );
    for (const pair of res.data!.inversion.pairs) {
      const [seed] = await readCanvases(gallery.locator(`[data-pair="${pair.index}"]`));
      expect(seed!.label).toMatch(new RegExp(`^seed #${pair.seedIndex}, label `));
      expect(maxDifference(seed!.red, uploadedImage(files, pair.seedIndex)), seed!.label).toBeLessThanOrEqual(
        1,
      );
    }
    // A linked page opens where it was left.
    await page.reload();
    await page.getByTestId('gallery-pager').first().getByText('pairs 33–40 of 40').waitFor();
    await screenshot(page, 'inversion-gallery-page-2');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says how to store a dataset’s pixels when it has none, and shows its samples once registered again', async () => {
    const legacyFiles = syntheticDataset({ count: 64, size: SIZE, classes: CLASSES, seed: 2 });
    const legacy = await register(t, 'legacy', legacyFiles);
    // As registered by a server before migration 002 (dataset-pixels).
    await t.server.services.db.query(
      'UPDATE dataset SET images_sha256 = NULL, labels_sha256 = NULL WHERE id = $1',
      [legacy.id],
    );
    const { page, errors } = await openPage(viewer, `${app.url}/datasets?samples=${legacy.id}`);
    const notice = page.getByTestId('samples-not-stored');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /legacy was registered before .* register it again with the same name/,
    );
    expect(await page.getByRole('option', { name: 'legacy (no stored pixels)' }).count()).toBe(1);
    expect(await page.getByTestId('sample-grid').count()).toBe(0);
    await screenshot(page, 'datasets-no-stored-pixels');

    expect(await legacy.again()).toBe(legacy.id);
    await page.reload();
    await waitForDrawn(page, '[data-testid="sample-grid"]', CLASSES * PER_CLASS, SIZE);
    const [first] = await readCanvases(page.getByTestId('sample-grid'));
    expect(first!.label).toBe('legacy #0, label 0');
    expect(maxDifference(first!.red, uploadedImage(legacyFiles, 0))).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
