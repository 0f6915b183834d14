/**
 * Where the dashboard finds the SimLab server, read on the server at request time so that one build can be
 * pointed at any server: SIMLAB_GRAPHQL_URL (runtime) wins over NEXT_PUBLIC_SIMLAB_GRAPHQL_URL (inlined at
 * build time), which wins over the server's default address.
 */
import { connection } from 'next/server';
import { type DashboardConfig, websocketUrlFor } from './urql';

export const DEFAULT_GRAPHQL_URL = 'http://localhost:4000/graphql';

/** The server's GraphQL endpoint as this (Next.js) process reaches it. */
export function serverGraphqlUrl(): string {
  return process.env.SIMLAB_GRAPHQL_URL ?? process.env.NEXT_PUBLIC_SIMLAB_GRAPHQL_URL ?? DEFAULT_GRAPHQL_URL;
}

/** What the browser gets: HTTP through this app's /api/graphql, WebSocket straight to the server. */
export async function readRuntimeConfig(): Promise<DashboardConfig> {
  // Opt out of prerendering: the values below must be read per request, not frozen into the build.
  await connection();
  return {
    graphqlUrl: '/api/graphql',
    wsUrl: process.env.SIMLAB_GRAPHQL_WS_URL ?? websocketUrlFor(serverGraphqlUrl()),
    // A default token for a local single-user setup (the README's main command); users can replace it in the UI.
    defaultToken: process.env.SIMLAB_DASHBOARD_TOKEN ?? null,
  };
}
