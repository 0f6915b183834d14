'use client';
/**
 * Suspense for urql data: the fallback (a page's skeleton) on the server and until the browser's client is
 * ready, then <Suspense> around the children so a query in flight shows the same skeleton.
 */
import { type ReactNode, Suspense } from 'react';
import { useSession } from './session-provider';

export function ClientSuspense({ fallback, children }: { fallback: ReactNode; children: ReactNode }) {
  const { ready } = useSession();
  return ready ? <Suspense fallback={fallback}>{children}</Suspense> : fallback;
}
