/** p50/p99 latency of the 50x50 matrix query over HTTP under 1..N concurrent clients. */
import { type LatencyRow, measureLatency } from './latency.js';

export const MATRIX_QUERY = `query Matrix($id: ID!) {
  matrix(id: $id) { id metric source status size offDiagonalMean values models { id name eps architecture { id } } }
}`;

export function matrixLatency(
  url: string,
  matrixId: string,
  clients: number,
  seconds: number,
): Promise<LatencyRow> {
  const body = JSON.stringify({ query: MATRIX_QUERY, variables: { id: matrixId } });
  return measureLatency(
    async () => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const json = (await res.json()) as { data?: { matrix?: { values: number[][] } }; errors?: unknown };
      if (!json.data?.matrix) throw new Error(`matrix query failed: ${JSON.stringify(json.errors)}`);
    },
    clients,
    seconds,
  );
}
