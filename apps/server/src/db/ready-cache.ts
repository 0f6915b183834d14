/**
 * Rows that can no longer change, shared by every request of this process: READY entities (SPEC §7: a stored
 * result is what its request key names, for good), finished jobs, architectures. A least-recently-used map
 * bounded in bytes, so a server that reads many matrices keeps the hot ones. Nothing mutable goes in: the
 * loaders ask `isFinal` of each row first, so there is nothing to invalidate, on one server or many.
 */
import { LRUCache } from 'lru-cache';

export interface ReadyCache {
  get<V>(kind: string, id: string): V | undefined;
  /** Keeps `value` under (kind, id); `bytes` estimates its size (default: its JSON length). */
  set(kind: string, id: string, value: object, bytes?: number): void;
}

export interface ReadyCacheOptions {
  /** Default 64 MiB. */
  maxBytes?: number;
}

export function createReadyCache(options: ReadyCacheOptions = {}): ReadyCache {
  const lru = new LRUCache<string, { value: object; bytes: number }>({
    maxSize: options.maxBytes ?? 64 << 20,
    sizeCalculation: (entry) => Math.max(1, entry.bytes),
  });
  return {
    get: <V>(kind: string, id: string) => lru.get(`${kind}:${id}`)?.value as V | undefined,
    set(kind, id, value, bytes) {
      // The estimate runs once per row and process, not per request.
      lru.set(`${kind}:${id}`, { value, bytes: bytes ?? JSON.stringify(value).length });
    },
  };
}
