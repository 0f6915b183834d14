/** Starts worker-main.ts or main.ts as a separate process (as `npm run worker` or `npm start`), from source via tsx. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker logged that it is ready. */
  ready: Promise<void>;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** `npm run worker`: resolves `ready` once it logged "worker ready". */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  return spawnEntry('../worker-main.ts', '"worker ready"', env);
}

/** `npm start` (main.ts, in-process worker): resolves `ready` once it listens; `url()` is its base URL. */
export function spawnServer(env: Record<string, string>): WorkerProcess & { url(): string } {
  const proc = spawnEntry('../main.ts', 'SimLab server listening', { PORT: '0', ...env });
  return { ...proc, url: () => /"graphql":"(http:[^"]+)\/graphql"/.exec(proc.output())?.[1] ?? '' };
}

function spawnEntry(file: string, readyLine: string, env: Record<string, string>): WorkerProcess {
  const entry = fileURLToPath(new URL(file, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: fileURLToPath(new URL('../../tsconfig.dev.json', import.meta.url)),
      SIMLAB_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyLine)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`worker exited with ${code} before it was ready:\n${output}`)),
    );
  });
  return {
    child,
    ready,
    output: () => output,
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
