/**
 * A minimal per-request batching loader (the DataLoader idea): every `load` in the same tick becomes one
 * `WHERE id = ANY($1)` query, so a 50x50 matrix resolves its models with one round trip, not 2,500.
 */
export interface Loader<V> {
  load(id: string): Promise<V | undefined>;
  loadMany(ids: readonly string[]): Promise<(V | undefined)[]>;
}

export function createLoader<V>(
  batch: (ids: string[]) => Promise<V[]>,
  idOf: (value: V) => string,
): Loader<V> {
  const cache = new Map<string, Promise<V | undefined>>();
  let pending: { ids: Set<string>; settle: Promise<Map<string, V>> } | undefined;

  function schedule(id: string): Promise<Map<string, V>> {
    if (!pending) {
      const ids = new Set<string>();
      const settle = new Promise<Map<string, V>>((resolve, reject) => {
        queueMicrotask(() =>
          setImmediate(() => {
            pending = undefined;
            batch([...ids]).then((values) => resolve(new Map(values.map((v) => [idOf(v), v]))), reject);
          }),
        );
      });
      pending = { ids, settle };
    }
    pending.ids.add(id);
    return pending.settle;
  }

  const load = (id: string) => {
    let found = cache.get(id);
    if (!found) {
      found = schedule(id).then((map) => map.get(id));
      cache.set(id, found);
    }
    return found;
  };
  return { load, loadMany: (ids) => Promise.all(ids.map(load)) };
}
