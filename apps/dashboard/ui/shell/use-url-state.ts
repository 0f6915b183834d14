'use client';
/**
 * View state kept in the URL (selection, sort, tabs) so any view can be linked. Updates use
 * history.replaceState, which Next.js syncs into useSearchParams without a server round trip.
 */
import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

export function useUrlParams(): [URLSearchParams, (changes: Record<string, string | null>) => void] {
  const params = useSearchParams();
  const update = useCallback((changes: Record<string, string | null>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    const query = next.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
  }, []);
  return [new URLSearchParams(params.toString()), update];
}
