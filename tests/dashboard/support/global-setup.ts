/**
 * Builds the dashboard once for the browser tests (`next build`), unless the build is newer than every source
 * file. SIMLAB_DASHBOARD_BUILD=always forces a build; =never uses whatever is there.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_DIR, NEXT_BIN } from './paths';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.next' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  const buildId = join(DASHBOARD_DIR, '.next', 'BUILD_ID');
  return existsSync(buildId) && statSync(buildId).mtimeMs > newestSource(DASHBOARD_DIR);
}

export default async function setup(): Promise<void> {
  const mode = process.env.SIMLAB_DASHBOARD_BUILD ?? 'auto';
  if (mode === 'never' || (mode === 'auto' && isFresh())) return;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, 'build'], {
      cwd: DASHBOARD_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`next build failed with exit code ${code}:\n${output.slice(-4000)}`)),
    );
  });
}
