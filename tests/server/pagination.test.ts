/**
 * Cursor pagination over HTTP on both databases: three pages with `after`, newest first, every row exactly once;
 * a place kept while rows are added; ties in created_at (and microsecond steps, which a JavaScript Date would
 * round away) broken by id; filters applied on every page; a cursor the server did not issue refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, REGISTER_DATASET, upload } from '../../apps/server/src/test-support/api.js';
import { syntheticDataset } from '../../apps/server/src/test-support/synthetic-dataset.js';
import { startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
}

describe.each(['pglite', 'postgres'] as const)('pagination on %s', (database) => {
  let t: TestServer;
  // No worker: each registration leaves one PENDING dataset and one QUEUED job.
  const register = async (i: number) => {
    const files = syntheticDataset({ count: 8, size: 4, classes: 2, seed: 100 + i });
    const uploadIds = [
      await upload(t, 'images.npy', files.images),
      await upload(t, 'labels.npy', files.labels),
    ];
    return (
      await mutate<{ dataset: { id: string } }>(t, REGISTER_DATASET, { input: { name: `d${i}`, uploadIds } })
    ).dataset.id;
  };
  let registered: string[];
  beforeAll(async () => {
    t = await startTestServer({ database });
    registered = [];
    for (let i = 0; i < 7; i++) registered.push(await register(i));
  });
  afterAll(async () => t?.close());

  const page = async (field: 'datasets' | 'jobs', first: number, after?: string | null, filter?: string) => {
    const res = await t.gql<Record<string, Connection>>(
      `query($first: Int!, $after: String) {
        ${field}(first: $first, after: $after${filter ? `, filter: ${filter}` : ''}) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }
        }
      }`,
      { first, after },
    );
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data![field]!;
  };

  /** Follows endCursor from the first page to the last; returns the pages. */
  const walk = async (field: 'datasets' | 'jobs', first: number, filter?: string) => {
    const pages = [await page(field, first, null, filter)];
    while (pages.at(-1)!.pageInfo.hasNextPage) {
      pages.push(await page(field, first, pages.at(-1)!.pageInfo.endCursor, filter));
      expect(pages.length).toBeLessThan(20);
    }
    return pages;
  };
  const ids = (pages: Connection[]) => pages.flatMap((p) => p.edges.map((e) => e.node.id));

  it('walks three pages with after, newest first, each row exactly once', async () => {
    const pages = await walk('datasets', 3);
    expect(pages.map((p) => p.edges.length)).toEqual([3, 3, 1]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.map((p) => p.totalCount)).toEqual([7, 7, 7]);
    for (const p of pages) expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)!.cursor);
    // Registered one after another, so newest first is the reverse of the order they were made in.
    expect(ids(pages)).toEqual([...registered].reverse());
    expect(ids(await walk('datasets', 100))).toEqual(ids(pages));
  });

  it('keeps its place when rows are added between pages, and applies a filter on every page', async () => {
    const first = await page('datasets', 3);
    const added = await register(7);
    const second = await page('datasets', 3, first.pageInfo.endCursor);
    const third = await page('datasets', 3, second.pageInfo.endCursor);
    expect(ids([first, second, third])).toEqual([...registered].reverse());
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect(third.totalCount).toBe(8);
    expect(ids([await page('datasets', 1)])).toEqual([added]);
    registered.push(added);

    const jobs = await walk('jobs', 3, '{ kind: REGISTER_DATASET, status: QUEUED }');
    expect(jobs.map((p) => p.edges.length)).toEqual([3, 3, 2]);
    expect(new Set(ids(jobs)).size).toBe(8);
    expect(await walk('jobs', 3, '{ kind: TRAIN }')).toEqual([
      { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] },
    ]);
  });

  it('breaks ties in created_at by id and keeps microsecond steps apart', async () => {
    // Four rows at one instant and four a microsecond apart each.
    const db = t.server.services.db;
    const at = '2024-05-01 12:00:00.000001+00';
    for (const [i, id] of registered.entries()) {
      await db.query(
        `UPDATE dataset SET created_at = $1::timestamptz + make_interval(secs => $2) WHERE id = $3`,
        [at, i < 4 ? 0 : (i - 3) * 1e-6, id],
      );
    }
    const expected = (
      await db.query<{ id: string }>('SELECT id FROM dataset ORDER BY created_at DESC, id DESC')
    ).map((r) => r.id);
    for (const size of [1, 2, 3]) {
      const pages = await walk('datasets', size);
      expect(pages).toHaveLength(Math.ceil(8 / size));
      expect(ids(pages), `pages of ${size}`).toEqual(expected);
    }
    // The microsecond rows come first, newest first; the four tied rows follow in descending id order.
    expect(expected.slice(0, 4)).toEqual(registered.slice(4).reverse());
    expect(expected.slice(4)).toEqual([...registered.slice(0, 4)].sort().reverse());
  });

  it('refuses a cursor it did not issue with INVALID_ARGUMENT', async () => {
    const res = await t.gql('{ datasets(first: 2, after: "bm90IGEgY3Vyc29y") { totalCount } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
    expect(res.errors?.[0]?.message).toContain('endCursor');
  });
});
