/**
 * The code version every request key and result records (SPEC §7): `@simlab/server@<version>+<git commit>`
 * (with `-dirty` for uncommitted changes). One commit of this monorepo fixes both the server and
 * @simlab/compute. SIMLAB_CODE_VERSION overrides the commit where there is no git checkout (containers).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function codeVersion(): string {
  if (cached) return cached;
  const packageJson = fileURLToPath(new URL('../package.json', import.meta.url));
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  cached = `@simlab/server@${version}${commitSuffix(fileURLToPath(new URL('.', import.meta.url)))}`;
  return cached;
}

function commitSuffix(cwd: string): string {
  if (process.env.SIMLAB_CODE_VERSION) return `+${process.env.SIMLAB_CODE_VERSION}`;
  try {
    const git = (args: string[]) =>
      execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    const commit = git(['rev-parse', '--short=12', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--untracked-files=no']);
    return `+${commit}${dirty ? '-dirty' : ''}`;
  } catch {
    return '';
  }
}
