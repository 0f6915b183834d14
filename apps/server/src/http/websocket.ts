/**
 * graphql-ws on the same port as HTTP (path /graphql). The token travels in the connection_init payload as
 * `{ authorization: 'Bearer <token>' }` (or `{ token }`); a bad one closes the socket with 4401. Operations
 * are validated with the same depth and cost limits as HTTP, and errors formatted by the same mapping.
 */
import type { Server } from 'node:http';
import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  parse,
  specifiedRules,
  type ValidationRule,
  validate,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticate } from '../auth/authenticate.js';
import type { Principal } from '../auth/roles.js';
import type { Context } from '../context.js';
import { errorCode } from '../errors.js';
import type { Services } from '../services.js';

export interface WebSocketOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  services: Services;
  rules: ValidationRule[];
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  makeContext: (principal: Principal) => Context;
}

type Extra = { principal?: Principal } & Record<PropertyKey, unknown>;

export function attachWebSocket(options: WebSocketOptions): { close(): Promise<void> } {
  const { schema, services, formatError } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON(), e));
  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema,
      async onConnect(ctx) {
        const params = ctx.connectionParams ?? {};
        const header =
          typeof params.authorization === 'string'
            ? params.authorization
            : typeof params.token === 'string'
              ? `Bearer ${params.token}`
              : undefined;
        try {
          (ctx.extra as Extra).principal = await authenticate(
            services.db,
            header,
            services.config.anonymousRole,
          );
          return true;
        } catch (error) {
          if (errorCode(error) !== 'UNAUTHENTICATED') throw error;
          ctx.extra.socket.close(4401, `Unauthenticated: ${(error as Error).message}`.slice(0, 120));
          return false;
        }
      },
      onSubscribe(ctx, _id, payload) {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document, [...specifiedRules, ...options.rules]);
        if (errors.length > 0) return errors;
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: options.makeContext((ctx.extra as Extra).principal!),
        };
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: format(result.errors) } : undefined,
    },
    wss,
  );
  return {
    async close() {
      for (const client of wss.clients) client.terminate();
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
