'use client';
import { useEffect, useState } from 'react';
import { type NpyArray, parseNpy } from './npy';

/**
 * A server path (`/blobs/<sha>.npy`, `/datasets/<id>/images.npy?indices=…`, `/inversions/<id>/seeds.npy`) -> this
 * app's same-origin proxy for it (`/api` + path and query, see app/api/). An absolute URL keeps only its path.
 */
export function proxiedUrl(serverPath: string): string {
  const url = new URL(serverPath, 'http://server');
  return `/api${url.pathname}${url.search}`;
}

// What these paths name never changes (blobs are content-addressed, a dataset's pixels are fixed once READY, an
// inversion's pairs once sampled), so one fetch per URL serves every component for the session.
const cache = new Map<string, Promise<NpyArray>>();

function load(url: string): Promise<NpyArray> {
  let pending = cache.get(url);
  if (!pending) {
    pending = fetch(url).then(async (res) => {
      if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await reasonOf(res)}`);
      return parseNpy(await res.arrayBuffer());
    });
    pending.catch(() => cache.delete(url));
    cache.set(url, pending);
  }
  return pending;
}

/** The server's `{error: {message}}` (or the proxy's `{error}`), else the start of whatever came back. */
async function reasonOf(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: string | { message?: string } };
    const message = typeof body.error === 'string' ? body.error : body.error?.message;
    if (message) return message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200) || res.statusText;
}

/** The parsed .npy behind a server path; null while loading; an Error when it failed. */
export function useNpy(serverPath: string | null): NpyArray | Error | null {
  const [state, setState] = useState<{ path: string; value: NpyArray | Error } | null>(null);
  useEffect(() => {
    if (!serverPath) return;
    let live = true;
    load(proxiedUrl(serverPath)).then(
      (value) => live && setState({ path: serverPath, value }),
      (error: Error) => live && setState({ path: serverPath, value: error }),
    );
    return () => {
      live = false;
    };
  }, [serverPath]);
  return state && state.path === serverPath ? state.value : null;
}
