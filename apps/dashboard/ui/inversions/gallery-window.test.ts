import { describe, expect, it } from 'vitest';
import { galleryWindow } from './gallery-window';

describe('galleryWindow', () => {
  it('pages pairs and names the batches that hold them', () => {
    // 100 pairs in batches of 24: page 2 (pairs 32-63) spans batches 1 and 2.
    expect(galleryWindow(32, 32, 24, 100)).toEqual({ start: 32, count: 32, batchStart: 1, batchCount: 2 });
    // The last page is short.
    expect(galleryWindow(96, 32, 24, 100)).toEqual({ start: 96, count: 4, batchStart: 4, batchCount: 1 });
    // Batches larger than a page: one batch holds the whole page.
    expect(galleryWindow(64, 32, 256, 1000)).toEqual({ start: 64, count: 32, batchStart: 0, batchCount: 1 });
  });

  it('snaps a start from a stale or edited URL to a real page', () => {
    expect(galleryWindow(40, 32, 8, 100).start).toBe(32);
    expect(galleryWindow(5000, 32, 8, 100).start).toBe(96);
    expect(galleryWindow(-3, 32, 8, 100).start).toBe(0);
    expect(galleryWindow(Number.NaN, 32, 8, 100).start).toBe(0);
  });

  it('shows nothing for an inversion without pairs', () => {
    expect(galleryWindow(0, 32, 8, 0)).toMatchObject({ start: 0, count: 0 });
  });
});
