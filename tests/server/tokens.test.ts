/**
 * API tokens over HTTP and graphql-ws: only admins list, create and revoke them; a created token works at once
 * with its role; a revoked one is refused with 401 (HTTP) and close code 4401 (WebSocket); and a server with
 * anonymousRole 'none' refuses requests that carry no token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';
import { closeCode, wsExecute } from './support/ws-operations.js';

interface TokenRow {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  revokedAt: string | null;
}

const TOKEN_FIELDS = 'id name role createdAt revokedAt';
const LIST = `{ apiTokens { ${TOKEN_FIELDS} } }`;
const CREATE = `mutation($name: String!, $role: Role!) {
  createApiToken(name: $name, role: $role) { token apiToken { ${TOKEN_FIELDS} } }
}`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) { ${TOKEN_FIELDS} } }`;

describe.each(['pglite', 'postgres'] as const)('API tokens on %s', (database) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ database });
  });
  afterAll(async () => t?.close());

  const listAsAdmin = async () => {
    const res = await t.gql<{ apiTokens: TokenRow[] }>(LIST, {}, t.tokens.admin);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!.apiTokens;
  };

  it('refuses listing, creating and revoking tokens to viewers, runners and anonymous callers, over HTTP and WebSocket', async () => {
    const before = await listAsAdmin();
    // A real token to revoke: the runner's own, so a revocation that went through would show.
    const target = before.find((row) => row.name === 'test runner')!;
    const operations: [string, string, Record<string, unknown>][] = [
      ['apiTokens', LIST, {}],
      ['createApiToken', CREATE, { name: 'minted by a non-admin', role: 'ADMIN' }],
      ['revokeApiToken', REVOKE, { id: target.id }],
    ];
    for (const [who, token] of [
      ['viewer', t.tokens.viewer],
      ['runner', t.tokens.runner],
      ['anonymous', undefined],
    ] as const) {
      const socket = t.ws(token);
      for (const [field, query, variables] of operations) {
        for (const [transport, res] of [
          ['HTTP', await t.gql(query, variables, token)],
          ['WebSocket', await wsExecute(socket, query, variables)],
        ] as const) {
          const what = `${field} by ${who} over ${transport}: ${JSON.stringify(res)}`;
          expect(res.errors?.[0]?.extensions?.code, what).toBe('FORBIDDEN');
          expect(res.data ?? null, what).toBeNull();
        }
      }
    }
    expect(await listAsAdmin()).toEqual(before);
    expect((await t.gql('{ me { role } }', {}, t.tokens.runner)).data).toEqual({ me: { role: 'RUNNER' } });
  });

  it('lets an admin create a token that works at once with its role, list it without its secret, and revoke it', async () => {
    const created = await t.gql<{ createApiToken: { token: string; apiToken: TokenRow } }>(
      CREATE,
      { name: 'ci admin', role: 'ADMIN' },
      t.tokens.admin,
    );
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
    const { token, apiToken } = created.data!.createApiToken;
    expect(token).toMatch(/^slk_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: 'ci admin', role: 'ADMIN', revokedAt: null });

    // The new token is an admin: it may list tokens itself, over HTTP and over a socket.
    expect((await t.gql('{ me { role name } }', {}, token)).data).toEqual({
      me: { role: 'ADMIN', name: 'ci admin' },
    });
    const listed = await t.gql<{ apiTokens: TokenRow[] }>(LIST, {}, token);
    expect(listed.data?.apiTokens).toContainEqual(apiToken);
    expect(JSON.stringify(listed)).not.toContain(token);
    const before = t.ws(token);
    expect((await wsExecute<{ apiTokens: TokenRow[] }>(before, LIST)).data?.apiTokens).toContainEqual(
      apiToken,
    );

    // Another role, made by the same mutation, is only that role.
    const runner = await t.gql<{ createApiToken: { token: string } }>(
      CREATE,
      { name: 'ci runner', role: 'RUNNER' },
      t.tokens.admin,
    );
    const runnerToken = runner.data!.createApiToken.token;
    expect((await t.gql('{ me { role } }', {}, runnerToken)).data).toEqual({ me: { role: 'RUNNER' } });
    expect((await t.gql(LIST, {}, runnerToken)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const revoked = await t.gql<{ revokeApiToken: TokenRow }>(REVOKE, { id: apiToken.id }, t.tokens.admin);
    expect(revoked.errors, JSON.stringify(revoked.errors)).toBeUndefined();
    expect(revoked.data!.revokeApiToken).toMatchObject({ id: apiToken.id, role: 'ADMIN' });
    const revokedAt = revoked.data!.revokeApiToken.revokedAt;
    expect(Date.parse(revokedAt!)).toBeGreaterThanOrEqual(Date.parse(apiToken.createdAt));
    expect((await listAsAdmin()).find((row) => row.id === apiToken.id)?.revokedAt).toBe(revokedAt);
    // Revoking twice keeps the first time.
    const again = await t.gql<{ revokeApiToken: TokenRow }>(REVOKE, { id: apiToken.id }, t.tokens.admin);
    expect(again.data?.revokeApiToken.revokedAt).toBe(revokedAt);

    // Refused everywhere from now on: 401 on HTTP (GraphQL and the other routes), 4401 on a new socket.
    for (const query of ['{ me { role } }', LIST]) {
      const res = await t.gql(query, {}, token);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0]?.message).toContain('ci admin was revoked');
    }
    const upload = await fetch(`${t.url}/uploads?filename=a.bin`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: 'x',
    });
    expect(upload.status).toBe(401);
    const after = t.ws(token);
    expect(await closeCode(after)).toBe(4401);
    // The other token made alongside is untouched.
    expect((await t.gql('{ me { role } }', {}, runnerToken)).status).toBe(200);
  });

  it('answers revoking an unknown token with NOT_FOUND and changes nothing', async () => {
    const before = await listAsAdmin();
    const res = await t.gql(REVOKE, { id: 'no-such-token' }, t.tokens.admin);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.errors?.[0]?.message).toContain('no-such-token');
    expect(await listAsAdmin()).toEqual(before);
  });
});

describe("a server with anonymousRole 'none'", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', config: { anonymousRole: 'none' } });
  });
  afterAll(async () => t?.close());

  it('refuses requests without a token: 401 on GraphQL and the other routes, 4401 on WebSocket', async () => {
    const res = await t.gql('{ me { role } }');
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toContain('requires a token');
    for (const path of ['/export/results.csv', '/blobs/00', '/datasets/x/images.npy?indices=0']) {
      const other = await fetch(`${t.url}${path}`);
      expect(other.status, path).toBe(401);
      expect(await other.json(), path).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
    expect(await closeCode(t.ws())).toBe(4401);
    // Health stays open for load balancers.
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });

  it('still serves a caller that sends a token, over HTTP and WebSocket', async () => {
    expect((await t.gql('{ me { role } }', {}, t.tokens.viewer)).data).toEqual({ me: { role: 'VIEWER' } });
    const socket = t.ws(t.tokens.viewer);
    expect((await wsExecute(socket, '{ me { role } }')).data).toEqual({ me: { role: 'VIEWER' } });
  });
});
