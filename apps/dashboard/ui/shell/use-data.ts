import type { CombinedError } from 'urql';

/**
 * A query that failed outright (no data at all) becomes an error for the route's error.tsx to put into words; a
 * partial answer (data with some field errors) is shown as far as it goes.
 */
export function throwIfFailed(result: { data?: unknown; error?: CombinedError }): void {
  if (result.error && result.data == null) throw result.error;
}
