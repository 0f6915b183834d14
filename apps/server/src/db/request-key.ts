/**
 * The provenance key of a request (SPEC §7): sha256 of its canonical JSON (keys sorted, defaults filled in),
 * covering the kind, the inputs' content hashes, every parameter, the seed and the code version. Two requests
 * with the same key ask for the same result, so the stored one is returned instead of recomputed.
 *
 * The compute backend is recorded in each result's provenance but is not part of the key: a result computed on
 * WASM answers the same request on CPU (they agree to float32 rounding).
 */
import { createHash } from 'node:crypto';

export function requestKey(request: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
