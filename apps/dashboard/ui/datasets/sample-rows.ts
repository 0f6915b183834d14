/** A dataset's sample grid as rows: one per class, each image with its position in the samples' .npy. */

export interface SampleRow {
  label: number;
  /** Dataset index of each image and where it sits in the .npy (the order of `indices`). */
  images: { index: number; position: number }[];
}

/**
 * Groups `indices` by `labels` (parallel arrays, as the API's DatasetSamples gives them), classes in ascending
 * order and each class in the order given.
 * @throws when the two arrays differ in length.
 */
export function sampleRows(indices: readonly number[], labels: readonly number[]): SampleRow[] {
  if (indices.length !== labels.length) {
    throw new Error(`samples hold ${indices.length} indices but ${labels.length} labels; they must pair up`);
  }
  const byLabel = new Map<number, SampleRow>();
  indices.forEach((index, position) => {
    const label = labels[position]!;
    const row = byLabel.get(label) ?? { label, images: [] };
    row.images.push({ index, position });
    byLabel.set(label, row);
  });
  return [...byLabel.values()].sort((a, b) => a.label - b.label);
}
