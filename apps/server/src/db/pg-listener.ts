/**
 * One dedicated PostgreSQL connection for LISTEN, shared by every channel of the process. It reconnects
 * with backoff when the connection drops and re-subscribes, so subscriptions survive a database restart
 * (events published while disconnected are lost: LISTEN/NOTIFY has no history).
 */
import pg from 'pg';

type Handler = (payload: string) => void;

export interface Listener {
  listen(channel: string, onPayload: Handler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function createListener(url: string): Listener {
  const handlers = new Map<string, Set<Handler>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;
  let retryMs = 100;

  const quote = (channel: string) => `"${channel.replaceAll('"', '""')}"`;

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    next.on('error', () => reconnect(next));
    next.on('end', () => reconnect(next));
    await next.connect();
    for (const channel of handlers.keys()) await next.query(`LISTEN ${quote(channel)}`);
    retryMs = 100;
    client = next;
    return next;
  }

  function reconnect(failed: pg.Client): void {
    if (closed || client !== failed) return;
    client = undefined;
    connecting = undefined;
    setTimeout(() => {
      if (!closed) ensure().catch(() => reconnect(failed));
    }, retryMs).unref();
    retryMs = Math.min(retryMs * 2, 5000);
  }

  function ensure(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= connect().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  return {
    async listen(channel, onPayload) {
      const set = handlers.get(channel) ?? new Set();
      const first = set.size === 0;
      set.add(onPayload);
      handlers.set(channel, set);
      const conn = await ensure();
      if (first) await conn.query(`LISTEN ${quote(channel)}`);
      return async () => {
        set.delete(onPayload);
        if (set.size === 0) {
          handlers.delete(channel);
          await client?.query(`UNLISTEN ${quote(channel)}`).catch(() => {});
        }
      };
    },
    async close() {
      closed = true;
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
