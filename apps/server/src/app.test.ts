import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-support/test-server.js';

describe.each(['pglite', 'postgres'] as const)('the server on %s', (database) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      database,
      config: { limits: { maxDepth: 6, maxComplexity: 500, maxBodyBytes: 4096, maxUploadBytes: 1000 } },
    });
  });
  afterAll(async () => t?.close());

  it('answers health with its database kind', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(await res.json()).toMatchObject({ ok: true, database });
  });

  it('tells a caller which role its token has, and treats no token as an anonymous viewer', async () => {
    expect((await t.gql('{ me { role name } }', {}, t.tokens.runner)).data).toEqual({
      me: { role: 'RUNNER', name: 'test runner' },
    });
    expect((await t.gql('{ me { role name } }')).data).toEqual({ me: { role: 'VIEWER', name: 'anonymous' } });
  });

  it('refuses an unknown token with 401 UNAUTHENTICATED', async () => {
    const res = await t.gql('{ me { role } }', {}, 'slk_not-a-real-token');
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses mutations to viewers and anonymous callers with FORBIDDEN', async () => {
    for (const token of [t.tokens.viewer, undefined]) {
      const res = await t.gql('mutation { cancelJob(id: "x") { id } }', {}, token);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('answers an unknown job id with NOT_FOUND for a runner', async () => {
    const res = await t.gql('mutation { cancelJob(id: "nope") { id } }', {}, t.tokens.runner);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(res.errors?.[0]?.message).toContain('nope');
  });

  it('refuses a query deeper than the limit with QUERY_TOO_DEEP', async () => {
    const deep = '{ models { edges { node { robustness { dataset { job { id } } } } } } }';
    const res = await t.gql(deep);
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('refuses a query costlier than the limit with QUERY_TOO_COMPLEX', async () => {
    const res = await t.gql(
      '{ models(first: 100) { edges { node { id name eps architecture { id family } } } } }',
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a request body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.gql(`{ me { role } } # ${'x'.repeat(5000)}`);
    expect(res.status).toBe(413);
    expect(res.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers GraphQL mistakes with the standard codes', async () => {
    expect((await t.gql('{ nope }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await t.gql('{ me { ')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const res = await t.gql('query($n: Int!) { jobs(first: $n) { totalCount } }', { n: 'ten' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a page size over 100 with INVALID_ARGUMENT naming the field', async () => {
    const res = await t.gql('{ jobs(first: 101) { totalCount } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
    expect(res.errors?.[0]?.message).toContain('first');
  });

  it('stores an upload from a runner and refuses viewers and oversized files', async () => {
    const upload = (token: string, body: Buffer) =>
      fetch(`${t.url}/uploads?filename=a.bin`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body,
      });
    const ok = await upload(t.tokens.runner, Buffer.from('hello'));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({
      size: 5,
      filename: 'a.bin',
      sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    });
    expect((await upload(t.tokens.viewer, Buffer.from('hello'))).status).toBe(403);
    const big = await upload(t.tokens.runner, Buffer.alloc(2000));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('refuses a WebSocket connection with a bad token (close code 4401)', async () => {
    const client = t.ws('slk_bad');
    const closed = await new Promise<{ code: number }>((resolve) =>
      client.on('closed', (event) => resolve(event as { code: number })),
    );
    expect(closed.code).toBe(4401);
  });
});
