/** POST/GET /graphql over Node's http module, through Apollo's transport-neutral request API. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { Context } from '../context.js';
import { errorCode } from '../errors.js';
import { readJsonBody } from './read-body.js';
import { sendJson } from './respond.js';

export function createGraphqlRoute(options: {
  apollo: ApolloServer<Context>;
  maxBodyBytes: number;
  /** Builds the context; throws UnauthenticatedError for a bad token. */
  context: (req: IncomingMessage) => Promise<Context>;
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let context: Context;
    let body: unknown;
    try {
      context = await options.context(req);
      body = req.method === 'POST' ? await readJsonBody(req, options.maxBodyBytes) : undefined;
    } catch (error) {
      const code = errorCode(error);
      if (!code) throw error;
      const status = code === 'UNAUTHENTICATED' ? 401 : code === 'PAYLOAD_TOO_LARGE' ? 413 : 400;
      sendJson(res, status, { errors: [{ message: (error as Error).message, extensions: { code } }] });
      return;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? 'GET',
        headers,
        search: new URL(req.url ?? '/', 'http://x').search,
        body,
      },
      context: async () => context,
    });
    res.statusCode = response.status ?? 200;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
