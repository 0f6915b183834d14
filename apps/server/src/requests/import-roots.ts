/**
 * Server paths a runner may name (registerDataset's source, importModel's checkpointPath): only inside the
 * import roots (SIMLAB_IMPORT_ROOTS; default the data directory and the shipped zoos), after every symlink is
 * resolved, and never in a pseudo file system. Refusals echo only what the caller sent, so a token cannot be
 * used to learn what exists on the server; NOT_FOUND is given only for paths inside a root.
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { NotFoundError, shippedZooDir, ZOO_DATASETS } from '@simlab/compute';
import type { ServerConfig } from '../config.js';
import { PathNotAllowedError } from '../errors.js';

/** Kernel views of processes, devices and the machine: never data, whatever the roots say. */
const PSEUDO_FILE_SYSTEMS = ['/proc', '/sys', '/dev'];

/**
 * The configured roots, or the default: the data directory, the shipped zoos (packages/compute/zoo/mnist and
 * zoo/fashion-mnist) and SIMLAB_ZOO_DIRS.
 */
export function importRoots(config: Pick<ServerConfig, 'importRoots' | 'dataDir' | 'zooDirs'>): string[] {
  if (config.importRoots) return config.importRoots;
  return [config.dataDir, ...ZOO_DATASETS.map(shippedZooDir), ...(config.zooDirs ?? [])];
}

export interface ImportPathOptions {
  /** The input field, for messages ("source", "checkpointPath"). */
  field: string;
  /** Require a directory (a checkpoint) rather than anything that exists (a dataset file or folder). */
  directory?: boolean;
}

/**
 * The real path (symlinks resolved) of `path` when it lies inside one of `roots`.
 * @throws PathNotAllowedError for a relative path, one outside every root (lexically or once resolved), or one
 *   in /proc, /sys or /dev; NotFoundError for a path inside a root where nothing (or no directory) exists.
 */
export async function resolveImportPath(
  roots: readonly string[],
  path: string,
  options: ImportPathOptions,
): Promise<string> {
  const refuse = (why: string) =>
    new PathNotAllowedError(
      `${options.field} ${JSON.stringify(path)} ${why}; the server reads datasets and checkpoints only under ` +
        'the directories in SIMLAB_IMPORT_ROOTS (set by whoever starts the server), or send the files as uploads',
    );
  if (!isAbsolute(path)) throw refuse('is not an absolute path');
  const realRoots = await realRootsOf(roots);
  // 1. Lexically (`..` folded): refused without touching the file system.
  const lexical = resolve(path);
  if (!allowed(realRoots.concat(roots.map((r) => resolve(r))), lexical))
    throw refuse('is not under an import root');
  // 2. Symlinks resolved: a link inside a root may point anywhere.
  const real = await realpathOrAncestor(lexical);
  if (!allowed(realRoots, real.path)) throw refuse('is not under an import root');
  if (!real.exists) throw new NotFoundError(`nothing exists at ${path} under the import roots`);
  if (options.directory && !(await stat(real.path)).isDirectory())
    throw new NotFoundError(`${path} is not a directory; ${options.field} names a checkpoint directory`);
  return real.path;
}

function allowed(roots: readonly string[], path: string): boolean {
  if (PSEUDO_FILE_SYSTEMS.some((p) => within(p, path))) return false;
  return roots.some((root) => within(root, path));
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Roots that exist, symlinks resolved (a root that does not exist yet admits nothing). */
async function realRootsOf(roots: readonly string[]): Promise<string[]> {
  const real = await Promise.all(roots.map((r) => realpath(r).catch(() => undefined)));
  return real.filter((r): r is string => r !== undefined);
}

/**
 * The real path, or for a path that does not exist the real path of its nearest existing ancestor: so a
 * missing file behind a link that leaves the roots is refused rather than reported missing.
 */
async function realpathOrAncestor(path: string): Promise<{ path: string; exists: boolean }> {
  for (let p = path; ; p = dirname(p)) {
    const real = await realpath(p).catch(() => undefined);
    if (real !== undefined) return { path: real, exists: p === path };
    if (dirname(p) === p) return { path: p, exists: false };
  }
}
