import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE, errorPolicy } from './error-table.js';

describe('the error table', () => {
  it('has a row for each code docs/errors.md explains, and docs/errors.md explains each row', async () => {
    const docs = await readFile(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    const documented = new Set([...docs.matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]!));
    expect([...documented].sort()).toEqual(Object.keys(ERROR_TABLE).sort());
  });

  it('retries what the machine caused and what nobody expected, not what the input caused', () => {
    expect(errorPolicy('WORKER_CRASHED').retryable).toBe(true);
    expect(errorPolicy(undefined)).toEqual({ http: 500, retryable: true });
    expect(errorPolicy('SAME_LABEL_PAIR')).toEqual({ http: 400, retryable: false });
    expect(errorPolicy('NOT_FOUND').http).toBe(404);
  });
});
