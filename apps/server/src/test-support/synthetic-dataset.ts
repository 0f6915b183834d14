/**
 * A small labelled image set for tests: class c is a bright 3x3 patch at a class-specific place on dim noise,
 * so tiny models learn it in one epoch. Written as images.npy + labels.npy (the upload format).
 */
import { createRng, writeNpy } from '@simlab/compute';

export interface SyntheticOptions {
  count: number;
  size: number;
  classes: number;
  seed?: number;
}

export function syntheticDataset(options: SyntheticOptions): { images: Buffer; labels: Buffer } {
  const { count, size, classes } = options;
  const rng = createRng(options.seed ?? 1);
  const images = new Float32Array(count * size * size);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    labels[i] = label;
    const offset = i * size * size;
    for (let p = 0; p < size * size; p++) images[offset + p] = 0.2 * (rng.int(1000) / 1000);
    const row = Math.floor((label * (size - 3)) / Math.max(1, classes - 1));
    const col = size - 3 - row;
    for (let dy = 0; dy < 3; dy++)
      for (let dx = 0; dx < 3; dx++) images[offset + (row + dy) * size + col + dx] = 1;
  }
  return { images: writeNpy(images, [count, size, size, 1]), labels: writeNpy(labels, [count]) };
}
