/** Which pairs and batches one gallery page shows: pages of `pageSize` pairs, batches filled in pair order. */

export interface GalleryWindow {
  /** First pair of the page and how many it shows. */
  start: number;
  count: number;
  /** The batches holding those pairs (pair i is in batch floor(i / batchSize)). */
  batchStart: number;
  batchCount: number;
}

/**
 * The page holding pair `requestedStart` (snapped to a page boundary, kept inside 0..pairCount-1): a start
 * from a stale or hand-edited URL still shows a real page.
 */
export function galleryWindow(
  requestedStart: number,
  pageSize: number,
  batchSize: number,
  pairCount: number,
): GalleryWindow {
  const lastPage = Math.max(0, Math.ceil(pairCount / pageSize) - 1);
  const page = Math.min(
    lastPage,
    Math.max(0, Math.floor((Number.isFinite(requestedStart) ? requestedStart : 0) / pageSize)),
  );
  const start = page * pageSize;
  const count = Math.max(0, Math.min(pageSize, pairCount - start));
  const batchStart = Math.floor(start / batchSize);
  const batchEnd = count > 0 ? Math.floor((start + count - 1) / batchSize) : batchStart;
  return { start, count, batchStart, batchCount: batchEnd - batchStart + 1 };
}
