/**
 * Reads what the dashboard drew and what the API serves, so image tests compare pixels: canvases by accessible
 * name as grey levels in 0..255, and .npy images straight from the server (parsed by compute's reader, not
 * the dashboard's).
 */
import { readNpy } from '@simlab/compute';
import type { Locator, Page } from 'playwright-core';
import type { TestServer } from '../../../apps/server/src/test-support/test-server';

export interface DrawnImage {
  label: string;
  width: number;
  height: number;
  /** The red channel of every pixel, row-major (the images are grey: R = G = B). */
  red: number[];
  /** Whether any pixel has G or B different from R, or alpha below 255. */
  notGrey: boolean;
}

/** Waits until every canvas under `scope` holds an image `width` pixels wide (the canvas default is 300). */
export async function waitForDrawn(page: Page, scope: string, count: number, width: number): Promise<void> {
  await page.waitForFunction(
    ({ scope, count, width }) => {
      const canvases = document.querySelectorAll<HTMLCanvasElement>(`${scope} canvas[role="img"]`);
      return canvases.length === count && [...canvases].every((c) => c.width === width);
    },
    { scope, count, width },
  );
}

/** Every canvas under `locator` with its accessible name and pixels, in document order. */
export function readCanvases(locator: Locator): Promise<DrawnImage[]> {
  return locator.locator('canvas[role="img"]').evaluateAll((canvases) =>
    (canvases as HTMLCanvasElement[]).map((canvas) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const red: number[] = [];
      let notGrey = false;
      for (let p = 0; p < data.length; p += 4) {
        red.push(data[p]!);
        if (data[p + 1] !== data[p] || data[p + 2] !== data[p] || data[p + 3] !== 255) notGrey = true;
      }
      return {
        label: canvas.getAttribute('aria-label') ?? '',
        width: canvas.width,
        height: canvas.height,
        red,
        notGrey,
      };
    }),
  );
}

/** A float32 .npy [n, h, w, c] the server serves at `path`, as the n images' values. */
export async function fetchNpyImages(
  t: TestServer,
  path: string,
): Promise<{ shape: number[]; images: Float32Array[] }> {
  const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${t.tokens.viewer}` } });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  const { shape, data } = readNpy(new Uint8Array(await res.arrayBuffer()), path);
  const size = shape.slice(1).reduce((a, b) => a * b, 1);
  const images = Array.from({ length: shape[0]! }, (_, i) =>
    (data as Float32Array).slice(i * size, (i + 1) * size),
  );
  return { shape, images };
}

/** The largest difference, in units of 1/255, between drawn grey levels and values in [0, 1]. */
export function maxDifference(drawn: readonly number[], values: Float32Array): number {
  if (drawn.length !== values.length) return Number.POSITIVE_INFINITY;
  return Math.max(...drawn.map((level, p) => Math.abs(level - values[p]! * 255)));
}
