/** Starts the built dashboard (`next start`) on a free port, pointed at a SimLab server. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { DASHBOARD_DIR, NEXT_BIN } from './paths';

export interface DashboardApp {
  url: string;
  /** Everything the Next.js process printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startDashboard(options: {
  graphqlUrl: string;
  timeoutMs?: number;
}): Promise<DashboardApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: DASHBOARD_DIR,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        SIMLAB_GRAPHQL_URL: options.graphqlUrl,
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/studies`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`next start did not answer on ${url} in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => output,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
