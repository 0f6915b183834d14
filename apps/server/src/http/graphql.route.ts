/** POST/GET /graphql over Node's http module, through Apollo's transport-neutral request API. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { Context } from '../context.js';
import type { ReadyCache } from '../db/ready-cache.js';
import { errorCode } from '../errors.js';
import { parseJsonBody, readBody } from './read-body.js';
import { sendJson } from './respond.js';
import { answerKey, offerAnswer, storedAnswer } from './response-cache.js';

export function createGraphqlRoute(options: {
  apollo: ApolloServer<Context>;
  maxBodyBytes: number;
  /** Builds the context; throws UnauthenticatedError for a bad token. */
  context: (req: IncomingMessage) => Promise<Context>;
  /** Keeps and replays answers about final entities only (response-cache.ts); none: no answer is kept. */
  cache?: ReadyCache;
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let context: Context;
    let body: unknown;
    let key: string | undefined;
    try {
      // Authentication first: a kept answer is replayed only to a caller allowed to ask.
      context = await options.context(req);
      const text = req.method === 'POST' ? (await readBody(req, options.maxBodyBytes)).toString('utf8') : '';
      key = options.cache && text !== '' ? answerKey(text) : undefined;
      // `Cache-Control: no-cache` asks for a fresh answer (HTTP semantics): computed, then kept again.
      const fresh = /\bno-cache\b/.test(String(req.headers['cache-control'] ?? ''));
      const stored = key && !fresh ? storedAnswer(options.cache!, key) : undefined;
      if (stored) {
        res.writeHead(stored.status, stored.headers);
        res.end(stored.body);
        return;
      }
      body = parseJsonBody(text);
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
      const text = response.body.string;
      if (key)
        offerAnswer(options.cache!, key, { status: res.statusCode, headers: response.headers, body: text });
      res.end(text);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
