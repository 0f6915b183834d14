/**
 * Same-origin forwarding of HTTP requests to the SimLab server (GraphQL POST/GET, blobs, dataset and inversion
 * images), so the browser needs no CORS from the server. Subscriptions do not pass here: the browser opens its
 * WebSocket to the server itself.
 */
import { serverGraphqlUrl } from './runtime-config';

/** Entity ids the server hands out (randomUUID): the only ids the image routes forward. */
export const SERVER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Request headers worth passing on; hop-by-hop and browser-only headers are dropped. */
const FORWARDED = ['authorization', 'content-type', 'accept', 'apollo-require-preflight'];

/** Forwards `request` to `path` on the server (the GraphQL URL's origin), streaming the answer back. */
export async function forwardToServer(request: Request, path: string): Promise<Response> {
  const upstream = new URL(path, serverGraphqlUrl());
  upstream.search = new URL(request.url).search;
  const headers = new Headers();
  for (const name of FORWARDED) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  let answer: Response;
  try {
    answer = await fetch(upstream, {
      method: request.method,
      headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer(),
      cache: 'no-store',
    });
  } catch (error) {
    const message = `the SimLab server at ${upstream.origin} did not answer (${(error as Error).message}); is it running? Set SIMLAB_GRAPHQL_URL`;
    return Response.json(
      { errors: [{ message, extensions: { code: 'SERVER_UNREACHABLE' } }] },
      { status: 502 },
    );
  }
  const out = new Headers();
  for (const name of ['content-type', 'cache-control']) {
    const value = answer.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  return new Response(answer.body, { status: answer.status, headers: out });
}
