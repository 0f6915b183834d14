import { describe, expect, it } from 'vitest';
import { createLoader } from './loader.js';
import { createReadyCache } from './ready-cache.js';

interface Row {
  id: string;
  status: string;
}

function fakeTable(rows: Row[]) {
  const batches: string[][] = [];
  return {
    batches,
    fetch: async (ids: string[]) => {
      batches.push([...ids]);
      return rows.filter((r) => ids.includes(r.id));
    },
  };
}

describe('createLoader', () => {
  it('loads the ids asked in one tick with one query, and undefined for unknown ids', async () => {
    const table = fakeTable([
      { id: 'a', status: 'READY' },
      { id: 'b', status: 'RUNNING' },
    ]);
    const loader = createLoader(table.fetch, (r) => r.id);
    const [a, b, missing, again] = await Promise.all([
      loader.load('a'),
      loader.load('b'),
      loader.load('zz'),
      loader.load('a'),
    ]);
    expect([a?.status, b?.status, missing, again]).toEqual(['READY', 'RUNNING', undefined, a]);
    expect(table.batches).toEqual([['a', 'b', 'zz']]);
  });

  it('serves final rows to later requests from the shared cache, and reads the others again', async () => {
    const table = fakeTable([
      { id: 'a', status: 'READY' },
      { id: 'b', status: 'RUNNING' },
    ]);
    const cache = createReadyCache();
    const shared = { cache, kind: 'thing', final: (r: Row) => r.status === 'READY' };
    // One loader per request, as the server makes them.
    await createLoader(table.fetch, (r) => r.id, shared).loadMany(['a', 'b']);
    const second = await createLoader(table.fetch, (r) => r.id, shared).loadMany(['a', 'b']);
    expect(second.map((r) => r?.status)).toEqual(['READY', 'RUNNING']);
    expect(table.batches).toEqual([['a', 'b'], ['b']]);
  });

  it('evicts the least recently used rows past its byte budget', () => {
    const cache = createReadyCache({ maxBytes: 100 });
    cache.set('thing', 'old', { id: 'old' }, 60);
    cache.set('thing', 'new', { id: 'new' }, 60);
    expect(cache.get('thing', 'old')).toBeUndefined();
    expect(cache.get('thing', 'new')).toEqual({ id: 'new' });
  });
});
