/** Seed / target / inverted triplets of an inversion: which batch holds each pair's image and its final loss. */

export interface PairInput {
  index: number;
  seedIndex: number;
  targetIndex: number;
  seedLabel: number;
  targetLabel: number;
}

export interface BatchInput {
  index: number;
  imagesUrl: string;
  /** Per pair: loss of the returned image. */
  losses: readonly number[];
  /** Per pair: loss of the seed itself (iterate 0), where the inversion started. */
  seedLosses?: readonly number[];
}

export interface Triplet extends PairInput {
  /** Batch holding the inverted image, and the image's position in it; null until that batch finishes. */
  batch: { index: number; imagesUrl: string; offset: number } | null;
  finalLoss: number | null;
  seedLoss: number | null;
}

/** Pair i lives in batch floor(i / batchSize) at offset i mod batchSize (batches are filled in pair order). */
export function buildTriplets(
  pairs: readonly PairInput[],
  batches: readonly BatchInput[],
  batchSize: number,
): Triplet[] {
  const byIndex = new Map(batches.map((b) => [b.index, b]));
  return pairs.map((pair) => {
    const batch = byIndex.get(Math.floor(pair.index / batchSize));
    const offset = pair.index % batchSize;
    return {
      ...pair,
      batch: batch ? { index: batch.index, imagesUrl: batch.imagesUrl, offset } : null,
      finalLoss: batch?.losses[offset] ?? null,
      seedLoss: batch?.seedLosses?.[offset] ?? null,
    };
  });
}

/** "3 (cat)" with class names, else "3". */
export function labelName(label: number, classNames?: readonly string[] | null): string {
  const name = classNames?.[label];
  return name && name !== String(label) ? `${label} (${name})` : String(label);
}
