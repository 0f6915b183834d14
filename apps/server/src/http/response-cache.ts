/**
 * Serialized GraphQL answers that can no longer change, replayed byte for byte: an answer is kept when Apollo's
 * cache policy for it is public with a positive max-age, which it is only when every entity it holds is final
 * (resolvers/cache-hint.ts) and it has no errors. A hit skips parsing, execution and JSON serialization, so
 * under load the event loop does little more than copy bytes to the socket.
 */
import { createHash } from 'node:crypto';
import type { ReadyCache } from '../db/ready-cache.js';

export interface StoredAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

const CACHEABLE = /^max-age=(\d+), public$/;

/** The cache key of a POST body: its sha256 (bodies can be up to SIMLAB_MAX_BODY_BYTES). */
export function answerKey(body: string): string {
  return createHash('sha256').update(body).digest('base64');
}

export function storedAnswer(cache: ReadyCache, key: string): StoredAnswer | undefined {
  return cache.get<StoredAnswer>('answer', key);
}

/** Keeps the answer when Apollo found it cacheable (see the module comment); returns whether it did. */
export function offerAnswer(
  cache: ReadyCache,
  key: string,
  answer: { status: number; headers: Iterable<[string, string]>; body: string },
): boolean {
  const headers = [...answer.headers];
  const cacheControl = headers.find(([name]) => name.toLowerCase() === 'cache-control')?.[1];
  const maxAge = cacheControl ? CACHEABLE.exec(cacheControl)?.[1] : undefined;
  if (answer.status !== 200 || maxAge === undefined || Number(maxAge) <= 0) return false;
  const body = Buffer.from(answer.body, 'utf8');
  headers.push(['content-length', String(body.length)]);
  cache.set('answer', key, { status: answer.status, headers, body }, body.length + key.length);
  return true;
}
