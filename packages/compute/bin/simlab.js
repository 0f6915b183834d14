#!/usr/bin/env node
// The `simlab` command: runs the built CLI (packages/compute/dist), or says how to build it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('simlab: the CLI is not built yet; run `npm run build` at the repository root\n');
  process.exit(1);
}
await import(cli.href);
