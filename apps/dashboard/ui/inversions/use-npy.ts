'use client';
import { useEffect, useState } from 'react';
import { type NpyArray, parseNpy } from './npy';

/** Server blob path (/blobs/<sha>.npy) -> this app's same-origin proxy (/api/blobs/<sha>.npy). */
export function proxiedBlobUrl(serverPath: string): string {
  return `/api/blobs/${serverPath.replace(/^.*\/blobs\//, '')}`;
}

// Blobs are content-addressed and immutable, so one fetch per URL serves every component for the session.
const cache = new Map<string, Promise<NpyArray>>();

function load(url: string): Promise<NpyArray> {
  let pending = cache.get(url);
  if (!pending) {
    pending = fetch(url).then(async (res) => {
      if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
      return parseNpy(await res.arrayBuffer());
    });
    pending.catch(() => cache.delete(url));
    cache.set(url, pending);
  }
  return pending;
}

/** The parsed .npy behind a server blob path; null while loading; an Error when it failed. */
export function useNpy(serverPath: string | null): NpyArray | Error | null {
  const [state, setState] = useState<{ path: string; value: NpyArray | Error } | null>(null);
  useEffect(() => {
    if (!serverPath) return;
    let live = true;
    load(proxiedBlobUrl(serverPath)).then(
      (value) => live && setState({ path: serverPath, value }),
      (error: Error) => live && setState({ path: serverPath, value: error }),
    );
    return () => {
      live = false;
    };
  }, [serverPath]);
  return state && state.path === serverPath ? state.value : null;
}
