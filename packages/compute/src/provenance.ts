/**
 * What produced a result (SPEC §7): code version, backend, machine. Results add their own inputs
 * (weights hash, dataset hash and indices, parameters, seed, timings) beside this.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BackendInfo, currentBackend, type MachineInfo, machineInfo } from './backend.js';

export interface ComputeProvenance {
  /** `@simlab/compute@<version>+<git commit>` (plus `-dirty` when the work tree had changes). */
  codeVersion: string;
  backend: BackendInfo;
  machine: MachineInfo;
}

let cachedVersion: string | undefined;

/** The package version and, when run from a git checkout, the commit; computed once per process. */
export function codeVersion(): string {
  if (cachedVersion) return cachedVersion;
  const here = dirname(fileURLToPath(import.meta.url));
  const pkg = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version: string };
  cachedVersion = `@simlab/compute@${pkg.version}${gitDescription(here)}`;
  return cachedVersion;
}

export async function computeProvenance(): Promise<ComputeProvenance> {
  return { codeVersion: codeVersion(), backend: await currentBackend(), machine: machineInfo() };
}

function gitDescription(cwd: string): string {
  if (process.env.SIMLAB_CODE_VERSION) return `+${process.env.SIMLAB_CODE_VERSION}`;
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return `+${commit}${dirty ? '-dirty' : ''}`;
  } catch {
    return '';
  }
}
