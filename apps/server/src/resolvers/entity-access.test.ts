import { NotFoundError } from '@simlab/compute';
import type { GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Context } from '../context.js';
import { createLoader } from '../db/loader.js';
import { FINAL_MAX_AGE } from './cache-hint.js';
import { type EntityAccess, loadEntities, loadEntity, loadEntityOrNull } from './entity-access.js';

interface Row {
  id: string;
  status: string;
}

const rows: Row[] = [
  { id: 'done', status: 'READY' },
  { id: 'busy', status: 'RUNNING' },
];
const things: EntityAccess<Row, string> = {
  what: 'thing',
  loader: () =>
    createLoader(
      async (ids) => rows.filter((r) => ids.includes(r.id)),
      (r) => r.id,
    ),
  final: (row) => row.status === 'READY',
  map: (row) => `${row.id}:${row.status}`,
};
const ctx = { loaders: {} } as unknown as Context;

/** A resolve info as Apollo's cache-control plugin hands it out, recording each hint's max age. */
function recordingInfo() {
  const maxAges: number[] = [];
  const info = {
    cacheControl: {
      cacheHint: { restrict: () => {} },
      setCacheHint: (hint: { maxAge: number }) => maxAges.push(hint.maxAge),
    },
  } as unknown as GraphQLResolveInfo;
  return { info, maxAges };
}

describe('loadEntity', () => {
  it('maps the row and hints it final only when it cannot change any more', async () => {
    const { info, maxAges } = recordingInfo();
    expect(await loadEntity(things, ctx, info, 'done')).toBe('done:READY');
    expect(await loadEntity(things, ctx, info, 'busy')).toBe('busy:RUNNING');
    expect(maxAges).toEqual([FINAL_MAX_AGE, 0]);
  });

  it('throws NotFoundError naming the entity and the id when the row is gone', async () => {
    const { info } = recordingInfo();
    await expect(loadEntity(things, ctx, info, 'gone')).rejects.toThrow(NotFoundError);
    await expect(loadEntity(things, ctx, info, 'gone')).rejects.toThrow('no thing with id "gone"');
  });
});

describe('loadEntities', () => {
  it('keeps the order of the ids and is final only when every row is', async () => {
    const { info, maxAges } = recordingInfo();
    expect(await loadEntities(things, ctx, info, ['busy', 'done'])).toEqual(['busy:RUNNING', 'done:READY']);
    expect(await loadEntities(things, ctx, info, ['done', 'done'])).toEqual(['done:READY', 'done:READY']);
    expect(maxAges).toEqual([0, FINAL_MAX_AGE]);
  });
});

describe('loadEntityOrNull', () => {
  it('answers null for a null id, final only where the reference can no longer be filled in', async () => {
    const { info, maxAges } = recordingInfo();
    expect(await loadEntityOrNull(things, ctx, info, null)).toBeNull();
    expect(await loadEntityOrNull(things, ctx, info, null, { nullIsFinal: true })).toBeNull();
    expect(maxAges).toEqual([0, FINAL_MAX_AGE]);
  });

  it('answers null, not final, for an unknown id even where a null id would be final', async () => {
    const { info, maxAges } = recordingInfo();
    expect(await loadEntityOrNull(things, ctx, info, 'gone', { nullIsFinal: true })).toBeNull();
    expect(maxAges).toEqual([0]);
  });

  it('maps a found row and hints it by its own state', async () => {
    const { info, maxAges } = recordingInfo();
    expect(await loadEntityOrNull(things, ctx, info, 'done')).toBe('done:READY');
    expect(await loadEntityOrNull(things, ctx, info, 'busy', { nullIsFinal: true })).toBe('busy:RUNNING');
    expect(maxAges).toEqual([FINAL_MAX_AGE, 0]);
  });
});
