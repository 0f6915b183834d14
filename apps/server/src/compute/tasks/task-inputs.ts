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
