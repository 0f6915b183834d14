/**
 * Starts a worker thread on a module of this package, from compiled JavaScript or from the TypeScript sources
 * (vitest, tsx). The same trick as the study's inversion pool: `--import tsx` in a worker's execArgv is not
 * honoured by Node 20, so a worker started from a .ts file registers tsx's loader first.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * @param moduleUrl the worker module's URL as this package resolves it, e.g.
 *   `new URL('./pool-worker.js', import.meta.url)` from a compiled file; a `.js` URL next to a `.ts` caller
 *   is rewritten to the `.ts` source.
 */
export function startWorker(moduleUrl: URL, callerUrl: string, options: WorkerOptions = {}): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(moduleUrl, options);
  const url = moduleUrl.href.replace(/\.js$/, '.ts');
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); });`;
  return new Worker(code, { ...options, eval: true });
}
