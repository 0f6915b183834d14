'use client';
/**
 * The browser session: the API token (kept in localStorage, entered in the header) and the urql client built
 * for it. The client exists in the browser only; until then data sections show their skeletons.
 */
import { createContext, type ReactNode, use, useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { createUrqlClient, type DashboardConfig, type UrqlClientHandle } from '../../lib/urql';

const TOKEN_KEY = 'simlab.token';

export interface Session {
  token: string | null;
  setToken(token: string | null): void;
  /** False on the server and during hydration. */
  ready: boolean;
  /** See UrqlClientHandle.onConnected. */
  onConnected(listener: () => void): () => void;
}

const SessionContext = createContext<Session>({
  token: null,
  setToken: () => {},
  ready: false,
  onConnected: () => () => {},
});

export function useSession(): Session {
  return use(SessionContext);
}

export function SessionProvider({ config, children }: { config: DashboardConfig; children: ReactNode }) {
  const [token, setTokenState] = useState<string | null | undefined>(undefined);
  const [handle, setHandle] = useState<UrqlClientHandle | null>(null);

  useEffect(() => {
    const stored = window.localStorage.getItem(TOKEN_KEY);
    setTokenState(stored === null ? (config.defaultToken ?? null) : stored || null);
  }, [config.defaultToken]);

  useEffect(() => {
    if (token === undefined) return;
    const next = createUrqlClient({ graphqlUrl: config.graphqlUrl, wsUrl: config.wsUrl, token });
    setHandle(next);
    return () => next.dispose();
  }, [config.graphqlUrl, config.wsUrl, token]);

  const session = useMemo<Session>(
    () => ({
      token: token ?? null,
      setToken(value) {
        const trimmed = value?.trim() || null;
        // An empty entry records "signed out" so the server's default token is not picked up again.
        window.localStorage.setItem(TOKEN_KEY, trimmed ?? '');
        setTokenState(trimmed);
      },
      ready: handle !== null,
      onConnected: (listener) => handle?.onConnected(listener) ?? (() => {}),
    }),
    [token, handle],
  );
  return (
    <SessionContext value={session}>
      {handle ? (
        // A new client per token: nothing cached under one token leaks to another.
        <Provider value={handle.client} key={token ?? 'anonymous'}>
          {children}
        </Provider>
      ) : (
        children
      )}
    </SessionContext>
  );
}
