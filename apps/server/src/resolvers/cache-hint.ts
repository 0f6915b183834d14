/**
 * Cache hints (Apollo cache control, `@cacheControl`): a field that returns an entity says whether what it
 * returns can still change. Only when every entity in an answer is final (a READY entity, an ended job) is the
 * whole answer cacheable: Apollo then sends `cache-control: max-age=..., public`, and the HTTP route keeps
 * the serialized answer (http/response-cache.ts). Fields without a hint count as uncacheable, so a forgotten
 * hint costs speed, never correctness.
 */
import { maybeCacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';

/** A year: what cannot change may be kept as long as any cache likes. */
export const FINAL_MAX_AGE = 31_536_000;

/** Marks the field's value final (cacheable by anyone) or not; a no-op outside Apollo (WebSocket execution). */
export function hintFinal(info: GraphQLResolveInfo, final: boolean): void {
  maybeCacheControlFromInfo(info)?.setCacheHint(
    final ? { maxAge: FINAL_MAX_AGE, scope: 'PUBLIC' } : { maxAge: 0 },
  );
}
