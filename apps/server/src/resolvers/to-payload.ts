/** What an enqueueing mutation answers, made from what requests/submit.ts returned. */
import { toJob } from '../db/job.mapper.js';
import type { Submitted } from '../requests/submit.js';
import type { Payload } from '../schema/payloads.js';

/** The entity mapped under its payload field (`model`, `matrix`, ...), its job mapped, and `cached`. */
export function toPayload<K extends string, R, T extends object>(
  field: K,
  map: (row: R) => T,
  { row, job, cached }: Submitted<R>,
): Payload<K, T> {
  return { [field]: map(row), job: job ? toJob(job) : null, cached } as Payload<K, T>;
}
