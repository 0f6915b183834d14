/** p50/p99 latency of the 50x50 matrix query over HTTP under 1..N concurrent clients. */
import { summarise } from './stats.js';

export const MATRIX_QUERY = `query Matrix($id: ID!) {
  matrix(id: $id) { id metric source status size offDiagonalMean values models { id name eps architecture { id } } }
}`;

export interface LatencyRow {
  clients: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function matrixLatency(
  url: string,
  matrixId: string,
  clients: number,
  seconds: number,
): Promise<LatencyRow> {
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const body = JSON.stringify({ query: MATRIX_QUERY, variables: { id: matrixId } });
  const client = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const json = (await res.json()) as { data?: { matrix?: { values: number[][] } }; errors?: unknown };
      if (!json.data?.matrix) throw new Error(`matrix query failed: ${JSON.stringify(json.errors)}`);
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
