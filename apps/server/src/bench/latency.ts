/** p50/p99 latency of one request repeated by N concurrent clients for a fixed time. */
import { summarise } from './stats.js';

export interface LatencyRow {
  clients: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** `request` must throw when the answer is wrong: a fast error is not a fast answer. */
export async function measureLatency(
  request: () => Promise<void>,
  clients: number,
  seconds: number,
): Promise<LatencyRow> {
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      await request();
      samples.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = (performance.now() - started) / 1000;
  const s = summarise(samples);
  return {
    clients,
    requests: s.count,
    requestsPerSecond: s.count / elapsed,
    p50Ms: s.p50,
    p99Ms: s.p99,
    maxMs: s.max,
  };
}

export function latencyRow(r: LatencyRow, label?: string): string {
  const head = label === undefined ? '' : `${label} | `;
  return `| ${head}${r.clients} | ${r.requests} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.maxMs.toFixed(1)} |`;
}
