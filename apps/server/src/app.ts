/**
import 'reflect-metadata';
 * createServer(options): the configured HTTP + GraphQL + WebSocket server, not listening. main.ts listens;
 * tests listen on port 0. Routes:
 *   /graphql            queries and mutations (POST, GET) and graphql-ws subscriptions (WebSocket)
 *   POST /uploads       raw file upload -> upload id (runner)
 *   GET /blobs/<sha>    stored files (inversion images, previews)
 *   GET /export/...     CSV / JSON exports (see http/export.route.ts)
 *   GET /datasets/<id>/images.npy, /datasets/<id>/images/<i>.png, /inversions/<id>/seeds|targets.npy
 *                       dataset images by index (see http/dataset-images.route.ts)
 *   GET /health         liveness and database kind
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { authenticate } from './auth/authenticate.js';
import type { Principal } from './auth/roles.js';
import type { ServerConfig } from './config.js';
import type { Context } from './context.js';
import { createLoaders } from './db/loaders.js';
import { createErrorFormatter } from './errors.js';
import { handleBlob } from './http/blob.route.js';
import {
  DATASET_IMAGES_PATH,
  handleDatasetImages,
  INVERSION_IMAGES_PATH,
} from './http/dataset-images.route.js';
import { handleExport } from './http/export.route.js';
import { createGraphqlRoute } from './http/graphql.route.js';
import { sendError, sendJson } from './http/respond.js';
import { handleUpload } from './http/upload.route.js';
import { attachWebSocket } from './http/websocket.js';
import { createQueryLimitRules } from './limits/query-limits.js';
import { createLogger, type Logger } from './logger.js';
import type { JobHandler } from './queue/job-context.js';
import { buildSimLabSchema } from './schema/build-schema.js';
import { openServices, type Services } from './services.js';

export interface CreateServerOptions {
  config: ServerConfig;
  logger?: Logger;
  /** Work jobs in this process (default: config.inProcessWorker). */
  worker?: boolean;
  handlers?: readonly JobHandler[];
}

export interface SimLabServer {
  httpServer: http.Server;
  services: Services;
  schema: GraphQLSchema;
  /** Stops accepting connections, closes sockets, stops workers and closes the database. */
  close(): Promise<void>;
}

export async function createServer(options: CreateServerOptions): Promise<SimLabServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const services = await openServices(config, logger, { worker: options.worker, handlers: options.handlers });
  try {
    const schema = await buildSimLabSchema(services.pubsub);
    const formatError = createErrorFormatter(logger);
    const rules = createQueryLimitRules(config.limits);
    const apollo = new ApolloServer<Context>({
      schema,
      formatError,
      validationRules: rules,
      includeStacktraceInErrorResponses: false,
      introspection: true,
      logger: {
        debug: () => {},
        info: () => {},
        warn: (m) => logger.warn(String(m)),
        error: (m) => logger.error(String(m)),
      },
    });
    await apollo.start();
    const makeContext = (principal: Principal): Context => ({
      services,
      principal,
      loaders: createLoaders(services.db, services.ready),
    });
    const principalOf = (req: IncomingMessage) =>
      authenticate(services.db, req.headers.authorization, config.anonymousRole);
    const graphql = createGraphqlRoute({
      apollo,
      maxBodyBytes: config.limits.maxBodyBytes,
      context: async (req) => makeContext(await principalOf(req)),
      cache: services.ready,
    });

    async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/graphql') return graphql(req, res);
      if (url.pathname === '/health' && req.method === 'GET') {
        return sendJson(res, 200, {
          ok: true,
          database: services.db.kind,
          worker: services.worker?.name ?? null,
        });
      }
      const principal = await principalOf(req);
      if (url.pathname === '/uploads' && req.method === 'POST')
        return handleUpload(req, res, services, principal);
      if (url.pathname.startsWith('/blobs/') && req.method === 'GET')
        return handleBlob(url.pathname, res, services.blobs);
      if (
        (DATASET_IMAGES_PATH.test(url.pathname) || INVERSION_IMAGES_PATH.test(url.pathname)) &&
        req.method === 'GET'
      )
        return handleDatasetImages(url, res, services.db, services.blobs);
      if (url.pathname.startsWith('/export/') && req.method === 'GET')
        return handleExport(url, res, services.db);
      sendJson(res, 404, {
        error: {
          code: 'NOT_FOUND',
          message: `no route ${req.method} ${url.pathname}; GraphQL is at /graphql`,
        },
      });
    }

    const httpServer = http.createServer((req, res) => {
      route(req, res).catch((error) => sendError(res, error, logger));
    });
    const ws = attachWebSocket({ httpServer, schema, services, rules, formatError, makeContext });
    let closing: Promise<void> | undefined;
    return {
      httpServer,
      services,
      schema,
      close() {
        closing ??= (async () => {
          await ws.close();
          httpServer.closeAllConnections();
          await new Promise<void>((resolve) => httpServer.close(() => resolve()));
          await apollo.stop();
          await services.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await services.close();
    throw error;
  }
}
