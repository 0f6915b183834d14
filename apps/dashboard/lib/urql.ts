/**
 * The one urql client of the dashboard: queries and mutations over HTTP, subscriptions over graphql-ws on the
 * same server. The API token travels in the Authorization header and in graphql-ws `connection_init`.
 */
import { createClient as createWsClient } from 'graphql-ws';
import { type Client, cacheExchange, createClient, fetchExchange, subscriptionExchange } from 'urql';

/** Where the server is; built on the server per request (lib/runtime-config.ts) and handed to the browser. */
export interface DashboardConfig {
  /** HTTP endpoint, e.g. http://localhost:4000/graphql. */
  graphqlUrl: string;
  /** WebSocket endpoint; defaults to the HTTP endpoint with ws(s): (the server serves both on one port). */
  wsUrl?: string | undefined;
  /** Token to use when the user has not entered one. */
  defaultToken?: string | null;
}

export interface UrqlClientOptions {
  graphqlUrl: string;
  wsUrl?: string | undefined;
  /** API token (`slk_...`); null for anonymous (viewer) access where the server allows it. */
  token: string | null;
}

export interface UrqlClientHandle {
  client: Client;
  /** Closes the WebSocket; call when the token or the server changes. */
  dispose(): void;
  /**
   * Calls `listener` each time the WebSocket (re)connects. Events published while it was down are lost, so live
   * views refetch their snapshot here. Returns the unsubscribe function.
   */
  onConnected(listener: () => void): () => void;
}

/** http://host/graphql -> ws://host/graphql, https -> wss. */
export function websocketUrlFor(httpUrl: string): string {
  const url = new URL(httpUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`the GraphQL URL must be http(s), got "${httpUrl}"; set SIMLAB_GRAPHQL_URL`);
  }
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** Authorization header value for a token, or none. */
export function authorizationFor(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Builds the client; suspense is on so routes can show a skeleton through <Suspense>. */
export function createUrqlClient(options: UrqlClientOptions): UrqlClientHandle {
  const headers = authorizationFor(options.token);
  const ws = createWsClient({
    url: options.wsUrl ?? websocketUrlFor(options.graphqlUrl),
    connectionParams: headers,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    // Reconnect with capped exponential backoff so a restarted server is picked up again.
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries))),
    shouldRetry: () => true,
  });
  const client = createClient({
    url: options.graphqlUrl,
    suspense: true,
    // cache-first: a suspended component re-runs its hooks when it resumes, and anything that refetches on each
    // run would loop. Live data comes from subscriptions; views refetch (network-only) when the socket reconnects.
    requestPolicy: 'cache-first',
    // POST always: Apollo's CSRF protection refuses simple GET requests, and large documents stay out of URLs.
    preferGetMethod: false,
    fetchOptions: () => ({ headers }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return {
    client,
    dispose: () => void ws.dispose(),
    onConnected: (listener) => ws.on('connected', () => listener()),
  };
}
