import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoots, resolveImportPath } from './import-roots.js';

describe('resolveImportPath', () => {
  let base: string;
  let root: string;
  let outside: string;
  beforeAll(async () => {
    base = await mkdtemp(join(os.tmpdir(), 'simlab-roots-'));
    root = join(base, 'root');
    outside = join(base, 'outside');
    await mkdir(join(root, 'digits'), { recursive: true });
    await mkdir(outside);
    await writeFile(join(outside, 'secret.npy'), 'x');
    await symlink(outside, join(root, 'escape'));
    await symlink(join(root, 'digits'), join(root, 'alias'));
  });
  afterAll(async () => rm(base, { recursive: true, force: true }));

  const refusal = (path: string) =>
    resolveImportPath([root], path, { field: 'source' }).then(
      () => undefined,
      (error: Error & { code?: string }) => ({ code: error.code, message: error.message }),
    );

  it('returns the real path of a directory inside a root, links resolved', async () => {
    await expect(resolveImportPath([root], join(root, 'digits'), { field: 'source' })).resolves.toBe(
      join(root, 'digits'),
    );
    await expect(resolveImportPath([root], join(root, 'alias'), { field: 'source' })).resolves.toBe(
      join(root, 'digits'),
    );
  });

  it('refuses an absolute path outside every root, echoing only the input and naming the variable', async () => {
    const refused = await refusal('/etc');
    expect(refused?.code).toBe('PATH_NOT_ALLOWED');
    expect(refused?.message).toContain('"/etc"');
    expect(refused?.message).toContain('SIMLAB_IMPORT_ROOTS');
    expect(refused?.message).not.toContain(root);
  });

  it('refuses a relative path', async () => {
    expect((await refusal('data/images'))?.code).toBe('PATH_NOT_ALLOWED');
  });

  it('refuses `..` that climbs out of a root', async () => {
    expect((await refusal(join(root, '..', 'outside')))?.code).toBe('PATH_NOT_ALLOWED');
  });

  it('refuses a symlink inside a root that points outside it, and anything behind it', async () => {
    expect((await refusal(join(root, 'escape')))?.code).toBe('PATH_NOT_ALLOWED');
    expect((await refusal(join(root, 'escape', 'secret.npy')))?.code).toBe('PATH_NOT_ALLOWED');
    // Missing or present behind the link: the same answer, so the link does not probe the outside.
    expect(await refusal(join(root, 'escape', 'missing'))).toEqual({
      code: 'PATH_NOT_ALLOWED',
      message: expect.stringContaining('is not under an import root'),
    });
  });

  it('refuses /proc even when a root contains it', async () => {
    for (const path of ['/proc/self', '/proc/self/environ', '/sys/kernel', '/dev/zero']) {
      const refused = await resolveImportPath(['/'], path, { field: 'source' }).catch((e: Error) => e);
      expect((refused as { code?: string }).code, path).toBe('PATH_NOT_ALLOWED');
    }
  });

  it('says NOT_FOUND only for a missing path inside a root', async () => {
    expect((await refusal(join(root, 'missing')))?.code).toBe('NOT_FOUND');
    expect((await refusal(join(outside, 'missing')))?.code).toBe('PATH_NOT_ALLOWED');
  });

  it('wants a directory for a checkpoint', async () => {
    await writeFile(join(root, 'model.json'), '{}');
    const refused = await resolveImportPath([root], join(root, 'model.json'), {
      field: 'checkpointPath',
      directory: true,
    }).catch((e: Error & { code?: string }) => e.code);
    expect(refused).toBe('NOT_FOUND');
  });

  it('defaults the roots to the data directory, the shipped zoos and SIMLAB_ZOO_DIRS', () => {
    const roots = importRoots({ dataDir: '/srv/simlab', zooDirs: ['/srv/zoo', '/srv/zoo2'] });
    expect(roots[0]).toBe('/srv/simlab');
    expect(roots[1]).toMatch(/packages\/compute\/zoo\/mnist$/);
    expect(roots[2]).toMatch(/packages\/compute\/zoo\/fashion-mnist$/);
    expect(roots.slice(3)).toEqual(['/srv/zoo', '/srv/zoo2']);
    expect(importRoots({ dataDir: '/srv/simlab', importRoots: ['/a'] })).toEqual(['/a']);
  });
});
