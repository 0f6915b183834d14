/**
 * Topics and typed pub/sub. Events travel through PostgreSQL NOTIFY on one channel, so a worker process
 * publishes and every server process delivers (PGlite delivers in-process). The transport lives here only.
 *
 * Each subscriber has a bounded buffer: a client that cannot keep up loses its oldest events (counted in
 * `stats().dropped`) instead of growing the server's memory without limit.
 */
import type { PubSub as TypeGraphqlPubSub } from 'type-graphql';
import type { Database } from './db/database.js';
import type { JobRow } from './db/job.queries.js';
import type { Logger } from './logger.js';

export const Topic = {
  JobUpdated: 'jobUpdated',
  ResultAdded: 'resultAdded',
  /** Internal: asks whichever worker holds the job to stop it. */
  CancelJob: 'cancelJob',
} as const;
export type Topic = (typeof Topic)[keyof typeof Topic];

export interface ResultAddedPayload {
  resultId: string;
  matrixId: string | null;
  row: number | null;
  column: number | null;
}

export interface TopicPayloads {
  jobUpdated: JobRow;
  resultAdded: ResultAddedPayload;
  cancelJob: { jobId: string };
}

export interface PubSubStats {
  published: number;
  delivered: number;
  dropped: number;
  subscribers: number;
}

export interface SimLabPubSub extends TypeGraphqlPubSub {
  publish<T extends Topic>(topic: T, payload: TopicPayloads[T]): Promise<void>;
  subscribe<T extends Topic>(topic: T): AsyncIterable<TopicPayloads[T]>;
  /** Plain callback subscription for server-side listeners (workers watching for cancellation). */
  on<T extends Topic>(topic: T, handler: (payload: TopicPayloads[T]) => void): () => void;
  stats(): PubSubStats;
  close(): Promise<void>;
}

export const EVENT_CHANNEL = 'simlab_events';
/** PostgreSQL rejects NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;
const DEFAULT_BUFFER = 1000;

export async function createPubSub(
  db: Database,
  logger: Logger,
  bufferSize = DEFAULT_BUFFER,
): Promise<SimLabPubSub> {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const counters = { published: 0, delivered: 0, dropped: 0 };
  const unlisten = await db.listen(EVENT_CHANNEL, (raw) => {
    let event: { t: string; p: unknown };
    try {
      event = JSON.parse(raw);
    } catch {
      logger.warn('ignoring a malformed event', { raw: raw.slice(0, 200) });
      return;
    }
    for (const listener of listeners.get(event.t) ?? []) listener(event.p);
  });

  const addListener = (topic: string, listener: (payload: unknown) => void) => {
    const set = listeners.get(topic) ?? new Set();
    set.add(listener);
    listeners.set(topic, set);
    return () => set.delete(listener);
  };

  return {
    async publish(topic: string, payload: unknown) {
      const text = JSON.stringify({ t: topic, p: payload });
      if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
        throw new Error(`event on ${topic} is ${Buffer.byteLength(text)} bytes; NOTIFY allows under 8000`);
      }
      counters.published++;
      await db.notify(EVENT_CHANNEL, text);
    },
    subscribe(topic: string) {
      return subscription(topic, addListener, bufferSize, counters);
    },
    on(topic: string, handler: (payload: never) => void) {
      return addListener(topic, handler as (payload: unknown) => void);
    },
    stats: () => ({
      ...counters,
      subscribers: [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
    }),
    async close() {
      listeners.clear();
      await unlisten();
    },
  } as SimLabPubSub;
}

/** An async iterator fed by a listener, with a bounded queue; returning or throwing unsubscribes. */
function subscription(
  topic: string,
  addListener: (topic: string, listener: (payload: unknown) => void) => () => void,
  bufferSize: number,
  counters: { delivered: number; dropped: number },
): AsyncIterableIterator<unknown> {
  const queue: unknown[] = [];
  let waiting: ((result: IteratorResult<unknown>) => void) | undefined;
  let done = false;
  const remove = addListener(topic, (payload) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      counters.delivered++;
      resolve({ value: payload, done: false });
      return;
    }
    queue.push(payload);
    if (queue.length > bufferSize) {
      queue.shift();
      counters.dropped++;
    }
  });
  const finish = (): Promise<IteratorResult<unknown>> => {
    done = true;
    remove();
    queue.length = 0;
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next() {
      if (queue.length > 0) {
        counters.delivered++;
        return Promise.resolve({ value: queue.shift(), done: false });
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: finish,
    throw: (error) => finish().then(() => Promise.reject(error)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
