/**
 * One HTTP request under N concurrent connections, by autocannon (its load generator runs in a worker thread,
 * so it does not share the server's event loop). Every answer is compared with the expected body: a fast wrong
 * answer counts as an error, not as a fast answer.
 */
import autocannon from 'autocannon';

export interface LoadRow {
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors (timeouts included), non-2xx answers and answers other than the expected body. */
  errors: number;
  /** The parts of `errors`. */
  breakdown: { connection: number; timeouts: number; non2xx: number; mismatches: number };
}

export interface LoadOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  /** The exact answer every request must get. */
  expectBody: string;
  connections: number;
  seconds: number;
}

export async function loadTest(options: LoadOptions): Promise<LoadRow> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    expectBody: options.expectBody,
    connections: options.connections,
    duration: options.seconds,
    workers: 1,
  });
  return {
    connections: options.connections,
    seconds: result.duration,
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors + result.non2xx + result.mismatches,
    breakdown: {
      connection: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      mismatches: result.mismatches,
    },
  };
}

/** Each figure's median over repeated runs (the machine is shared: one run says little). */
export function medianOf(rows: readonly LoadRow[]): LoadRow {
  const median = (pick: (r: LoadRow) => number) => {
    const sorted = rows.map(pick).sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  return {
    connections: rows[0]!.connections,
    seconds: median((r) => r.seconds),
    requests: median((r) => r.requests),
    requestsPerSecond: median((r) => r.requestsPerSecond),
    p50Ms: median((r) => r.p50Ms),
    p90Ms: median((r) => r.p90Ms),
    p99Ms: median((r) => r.p99Ms),
    maxMs: median((r) => r.maxMs),
    // Errors are summed, not medianed: one error in any run counts.
    errors: rows.reduce((s, r) => s + r.errors, 0),
    breakdown: {
      connection: rows.reduce((s, r) => s + r.breakdown.connection, 0),
      timeouts: rows.reduce((s, r) => s + r.breakdown.timeouts, 0),
      non2xx: rows.reduce((s, r) => s + r.breakdown.non2xx, 0),
      mismatches: rows.reduce((s, r) => s + r.breakdown.mismatches, 0),
    },
  };
}

export const LOAD_HEADER = [
  '| query | answer | clients | runs | req/s | p50 ms | p90 ms | p99 ms | max ms | errors (all runs) | p99 range ms |',
  '|-------|--------|--------:|-----:|------:|-------:|-------:|-------:|-------:|------------------:|-------------:|',
];

/** One table row: medians of `rows`, errors over all of them, and the spread of p99. */
export function loadRow(query: string, answer: string, rows: readonly LoadRow[]): string {
  const m = medianOf(rows);
  const p99 = rows.map((r) => r.p99Ms);
  const b = m.breakdown;
  const errors =
    m.errors === 0
      ? '0'
      : `${m.errors} (${b.connection} connection incl. ${b.timeouts} timeouts, ${b.non2xx} non-2xx, ${b.mismatches} wrong body)`;
  return (
    `| ${query} | ${answer} | ${m.connections} | ${rows.length} | ${m.requestsPerSecond.toFixed(0)} | ` +
    `${m.p50Ms.toFixed(0)} | ${m.p90Ms.toFixed(0)} | ${m.p99Ms.toFixed(0)} | ${m.maxMs.toFixed(0)} | ${errors} | ` +
    `${Math.min(...p99).toFixed(0)}-${Math.max(...p99).toFixed(0)} |`
  );
}
