/**
 * Per-request batching loaders (npm `dataloader`): every `load` in the same tick becomes one
 * `WHERE id = ANY($1)` query, so a 50x50 matrix resolves its models with one round trip, not 2,500. Rows that
 * can no longer change (`final`) are also kept in the process-wide ReadyCache and served from it afterwards.
 */
import DataLoader from 'dataloader';
import type { ReadyCache } from './ready-cache.js';

export interface Loader<V> {
  load(id: string): Promise<V | undefined>;
  loadMany(ids: readonly string[]): Promise<(V | undefined)[]>;
}

export interface SharedCache<V> {
  cache: ReadyCache;
  /** Cache key prefix, e.g. 'model'. */
  kind: string;
  /** True when the row can never change again (a READY entity, a finished job). */
  final: (row: V) => boolean;
}

export function createLoader<V>(
  batch: (ids: string[]) => Promise<V[]>,
  idOf: (value: V) => string,
  shared?: SharedCache<V>,
): Loader<V> {
  const loader = new DataLoader<string, V | undefined>(async (ids) => {
    const found = new Map<string, V>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = shared?.cache.get<V>(shared.kind, id);
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0) {
      for (const row of await batch(missing)) {
        found.set(idOf(row), row);
        if (shared?.final(row)) shared.cache.set(shared.kind, idOf(row), row as object);
      }
    }
    return ids.map((id) => found.get(id));
  });
  return {
    load: (id) => loader.load(id),
    async loadMany(ids) {
      const values = await loader.loadMany(ids);
      return values.map((v) => {
        if (v instanceof Error) throw v;
        return v;
      });
    },
  };
}
