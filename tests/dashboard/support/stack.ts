/** What every browser test starts: a server on PGlite, the built dashboard pointed at it, and Chromium. */
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../../apps/server/src/test-support/test-server';
import { launchChromium } from './browser';
import { type DashboardApp, startDashboard } from './dashboard-app';

export interface Stack {
  t: TestServer;
  app: DashboardApp;
  browser: Browser;
  close(): Promise<void>;
}

/** `worker`: run jobs in the server process (tests that train, invert or compute). */
export async function startStack(options: { worker?: boolean } = {}): Promise<Stack> {
  const t = await startTestServer({ database: 'pglite', worker: options.worker ?? false });
  const started = await Promise.allSettled([
    startDashboard({ graphqlUrl: `${t.url}/graphql` }),
    launchChromium(),
  ]);
  const [app, browser] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined)) as [
    DashboardApp | undefined,
    Browser | undefined,
  ];
  const close = async () => {
    await browser?.close();
    await app?.close();
    await t.close();
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    // Leave nothing running behind a failed start.
    await close();
    throw failed.reason;
  }
  return { t, app: app!, browser: browser!, close };
}
