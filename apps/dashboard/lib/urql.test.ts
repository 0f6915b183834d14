import { describe, expect, it, vi } from 'vitest';
import { proxiedUrl } from '../ui/images/use-npy';
import { MeQuery } from './queries';
import { authorizationFor, createUrqlClient, websocketUrlFor } from './urql';

describe('urql client set-up', () => {
  it('derives the WebSocket URL from the HTTP one', () => {
    expect(websocketUrlFor('http://localhost:4000/graphql')).toBe('ws://localhost:4000/graphql');
    expect(websocketUrlFor('https://simlab.example/graphql')).toBe('wss://simlab.example/graphql');
    expect(() => websocketUrlFor('ftp://x/graphql')).toThrow('"ftp://x/graphql"');
  });

  it('sends the token as a bearer Authorization header, and nothing without one', () => {
    expect(authorizationFor('slk_abc')).toEqual({ authorization: 'Bearer slk_abc' });
    expect(authorizationFor(null)).toEqual({});
  });

  it('posts queries with the token to the given URL and opens no socket until a subscription starts', async () => {
    let sockets = 0;
    // Node 20 has no WebSocket; count constructions instead of connecting.
    vi.stubGlobal(
      'WebSocket',
      class {
        constructor() {
          sockets++;
        }
      },
    );
    const fetch = vi.fn(async () => Response.json({ data: { me: { role: 'RUNNER', name: 'r' } } }));
    vi.stubGlobal('fetch', fetch);
    const handle = createUrqlClient({
      graphqlUrl: 'http://dash/api/graphql',
      wsUrl: 'ws://127.0.0.1:9/graphql',
      token: 'slk_x',
    });
    const result = await handle.client.query(MeQuery, {}).toPromise();
    expect(result.data?.me.role).toBe('RUNNER');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://dash/api/graphql');
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer slk_x');
    expect(sockets).toBe(0);
    handle.dispose();
    vi.unstubAllGlobals();
  });

  it('maps server paths, with their query, onto the same-origin proxy', () => {
    expect(proxiedUrl(`/blobs/${'a'.repeat(64)}.npy`)).toBe(`/api/blobs/${'a'.repeat(64)}.npy`);
    expect(proxiedUrl('/datasets/d1/images.npy?indices=0,5,17')).toBe(
      '/api/datasets/d1/images.npy?indices=0,5,17',
    );
    expect(proxiedUrl('/inversions/i1/seeds.npy')).toBe('/api/inversions/i1/seeds.npy');
    expect(proxiedUrl('http://server:4000/inversions/i1/targets.npy')).toBe('/api/inversions/i1/targets.npy');
  });
});
