/** Input entities a request builds on must exist (findOrThrow) and be READY. */
import type { EntityStatus } from '../db/dataset.queries.js';
import { findOrThrow } from '../db/find-or-throw.js';
import type { Loader } from '../db/loader.js';
import { NotReadyError } from '../errors.js';

export async function requireReady<V extends { status: EntityStatus; jobId: string | null }>(
  loader: Loader<V>,
  what: string,
  id: string,
): Promise<V> {
  const row = await findOrThrow(loader, what, id);
  if (row.status !== 'READY') {
    throw new NotReadyError(
      `${what} ${id} is ${row.status}${row.jobId ? ` (job ${row.jobId})` : ''}; it can be used once it is READY`,
    );
  }
  return row;
}
