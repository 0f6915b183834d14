import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DASHBOARD_DIR = fileURLToPath(new URL('../../../apps/dashboard/', import.meta.url));
export const NEXT_BIN = fileURLToPath(new URL('../../../node_modules/next/dist/bin/next', import.meta.url));
/** Screenshots of the browser tests (gitignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../../test-artifacts/dashboard/', import.meta.url));
