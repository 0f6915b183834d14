/**
 * Subscription fan-out: C graphql-ws clients subscribe to jobUpdated; E events are published through the
 * database (NOTIFY), paced at a rate or in a burst; we count what every client received, and the latency
 * from publishing to receipt.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { JobRow } from '../db/job.queries.js';
import { type SimLabPubSub, Topic } from '../pubsub.js';
import { summarise } from './stats.js';

export interface FanoutRow {
  clients: number;
  events: number;
  rate: number;
  publishedPerSecond: number;
  deliveredPerSecond: number;
  received: number;
  expected: number;
  dropped: number;
  p50Ms: number;
  p99Ms: number;
}

export async function fanout(
  wsUrl: string,
  pubsub: SimLabPubSub,
  clients: number,
  events: number,
  /** Events per second to publish at (paced), or 0 to publish as fast as the database accepts (burst). */
  rate: number,
): Promise<FanoutRow> {
  const latencies: number[] = [];
  let received = 0;
  const sockets = Array.from({ length: clients }, () =>
    createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false }),
  );
  const before = pubsub.stats().subscribers;
  const stops = sockets.map((socket) =>
    socket.subscribe<{ jobUpdated: { message: string } }>(
      { query: 'subscription { jobUpdated { id message } }' },
      {
        next: (value) => {
          received++;
          const sentAt = Number(value.data?.jobUpdated.message);
          latencies.push(Date.now() - sentAt);
        },
        error: () => {},
        complete: () => {},
      },
    ),
  );
  while (pubsub.stats().subscribers < before + clients) await new Promise((r) => setTimeout(r, 20));
  const droppedBefore = pubsub.stats().dropped;
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    if (rate > 0) {
      const due = started + (i * 1000) / rate;
      if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    }
    await pubsub.publish(Topic.JobUpdated, fakeJob(i));
  }
  const publishSeconds = (performance.now() - started) / 1000;
  const expected = clients * events;
  const deadline = Date.now() + 30_000;
  while (received < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  for (const stop of stops) stop();
  await Promise.all(sockets.map((s) => s.dispose()));
  // Let the server drop these subscriptions before the next round counts its own.
  while (pubsub.stats().subscribers > before) await new Promise((r) => setTimeout(r, 20));
  const s = summarise(latencies);
  return {
    clients,
    events,
    rate,
    publishedPerSecond: events / publishSeconds,
    deliveredPerSecond: received / seconds,
    received,
    expected,
    dropped: pubsub.stats().dropped - droppedBefore + (expected - received),
    p50Ms: s.p50,
    p99Ms: s.p99,
  };
}

/** A job event whose message carries its publish time (the payload every subscriber receives). */
function fakeJob(i: number): JobRow {
  const now = new Date().toISOString();
  return {
    id: `bench-${i}`,
    kind: 'invert',
    status: 'RUNNING',
    progress: 0,
    message: String(Date.now()),
    subjectType: 'Inversion',
    subjectId: 'bench',
    attempts: 1,
    worker: 'bench',
    errorCode: null,
    errorMessage: null,
    createdAt: now,
    startedAt: now,
    finishedAt: null,
    updatedAt: now,
  };
}
