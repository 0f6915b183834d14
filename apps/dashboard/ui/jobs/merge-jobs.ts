/** Live job list: the snapshot from the query overlaid with `jobUpdated` events (newest state per id wins). */

export interface Versioned {
  id: string;
  updatedAt: string;
  createdAt: string;
}

/** Newest-first list of the snapshot's jobs and any new ones, each at its latest `updatedAt`. */
export function mergeJobs<T extends Versioned>(
  snapshot: readonly T[],
  events: readonly T[],
  accept: (job: T) => boolean = () => true,
): T[] {
  const latest = new Map<string, T>();
  for (const job of [...snapshot, ...events]) {
    const known = latest.get(job.id);
    if (!known || job.updatedAt >= known.updatedAt) latest.set(job.id, job);
  }
  return [...latest.values()]
    .filter(accept)
    .sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id.localeCompare(b.id),
    );
}
