/** Shapes of what the parent sends a compute child: plain data and file paths, never database handles. */

/** What `loadDataset` needs to find a dataset again: a built-in name or path, and an IDX split. */
export interface DatasetLocation {
  source: string;
  split?: 'train' | 'test';
}

/** The provenance a child can observe: where and with what code it ran (SPEC §7). */
export interface ComputeEnvironment {
  codeVersion: string;
  backend: string;
  machine: Record<string, unknown>;
}

/** A batch an earlier attempt of an inversion stored: the child resumes after it (invert.task.ts). */
export interface StoredBatch {
  imagesPath: string;
  losses: number[];
  seedLosses: number[];
  zeroGradientSteps: number[];
  lossCurve: number[];
  seconds: number;
  /** With `checkpoints`: the batch's images and losses at each checkpoint, in iteration order. */
  checkpoints?: { iteration: number; imagesPath: string; losses: number[] }[];
}
