/** Boots createServer on port 0 over a throwaway database and speaks GraphQL to it over HTTP and WebSocket. */
import type { AddressInfo } from 'node:net';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createServer, type SimLabServer } from '../app.js';
import { createToken } from '../auth/tokens.js';
import { defaultLimits, defaultQueue, type ServerConfig } from '../config.js';
import { createLogger } from '../logger.js';
import type { JobHandler } from '../queue/job-context.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

export interface TestServer {
  server: SimLabServer;
  url: string;
  wsUrl: string;
  database: TestDatabase;
  tokens: { viewer: string; runner: string; admin: string };
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphqlResponse<T>>;
  ws(token?: string): Client;
  close(): Promise<void>;
}

export interface TestServerOptions {
  database: DatabaseKind;
  worker?: boolean;
  handlers?: readonly JobHandler[];
  config?: Partial<ServerConfig>;
  /** Reuse a database (e.g. to restart a server over the same data). */
  reuse?: TestDatabase;
}

export function testConfig(database: TestDatabase, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    database: database.config,
    dataDir: database.dataDir,
    inProcessWorker: false,
    computeProcesses: 1,
    anonymousRole: 'viewer',
    limits: defaultLimits,
    queue: {
      ...defaultQueue,
      heartbeatSeconds: 10,
      superviseIntervalSeconds: 1,
      pollingIntervalSeconds: 0.5,
      retryDelaySeconds: 1,
    },
    registerZoo: false,
    logLevel: 'error',
    ...overrides,
  };
}

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const database = options.reuse ?? (await createTestDatabase(options.database));
  const config = testConfig(database, options.config);
  const server = await createServer({
    config,
    logger: createLogger(config.logLevel),
    worker: options.worker ?? false,
    handlers: options.handlers,
  }).catch(async (error: unknown) => {
    // A server that failed to start must not leave its throwaway database behind.
    if (!options.reuse) await database.drop();
    throw error;
  });
  await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = server.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const db = server.services.db;
  const tokens = {
    viewer: (await createToken(db, 'test viewer', 'viewer')).token,
    runner: (await createToken(db, 'test runner', 'runner')).token,
    admin: (await createToken(db, 'test admin', 'admin')).token,
  };
  const sockets: Client[] = [];
  return {
    server,
    url,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    database,
    tokens,
    async gql(query, variables, token) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    ws(token) {
      const client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: false,
        // Tests watch the 'closed' event for refusals; graphql-ws would otherwise print them to the console.
        onNonLazyError: () => {},
      });
      sockets.push(client);
      return client;
    },
    async close() {
      for (const socket of sockets) await socket.dispose();
      await server.close();
      if (!options.reuse) await database.drop();
    },
  };
}

/** Collects the next values of a subscription into an array; `stop()` unsubscribes. */
export function collect<T>(client: Client, query: string, variables?: Record<string, unknown>) {
  const values: T[] = [];
  const errors: unknown[] = [];
  let notify: (() => void) | undefined;
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(value.errors);
        if (value.data) values.push(value.data as T);
        notify?.();
      },
      error: (error) => {
        errors.push(error);
        notify?.();
      },
      complete: () => {},
    },
  );
  return {
    values,
    errors,
    stop,
    /** Resolves when `predicate(values)` holds, or rejects after `timeoutMs`. */
    async until(predicate: (values: T[]) => boolean, timeoutMs = 60_000): Promise<T[]> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(values)) {
        if (errors.length > 0) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(
            `timed out after ${timeoutMs} ms with ${values.length} events: ${JSON.stringify(values).slice(0, 2000)}`,
          );
        await new Promise<void>((resolve) => {
          notify = resolve;
          setTimeout(resolve, Math.min(left, 200));
        });
      }
      return values;
    },
  };
}
