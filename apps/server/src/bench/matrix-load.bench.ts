/**
 * A READY matrix queried by many clients at once (autocannon), two ways in the same run:
 *   kept:     the same request again and again, answered from the kept bytes (http/response-cache.ts);
 *   executed: `Cache-Control: no-cache` asks for a fresh answer, so each request is parsed (Apollo's document
 *             cache), executed (READY rows from the ReadyCache) and serialized.
 * Every answer must equal the expected body, byte for byte.
 */
import { type LoadRow, loadTest } from './load.js';

/** What the bench has long measured: the heatmap's values and the row models. */
export const VALUES_QUERY = `query Matrix($id: ID!) {
  matrix(id: $id) { id metric source status size offDiagonalMean values models { id name eps architecture { id } } }
}`;

/** The dashboard's matrix page (MatrixCells): every cell with its result. */
export const CELLS_QUERY = `query MatrixCells($id: ID!) {
  matrix(id: $id) {
    id metric source status size offDiagonalMean parameters models { id } job { id }
    cells { row column value result { id value status layerA layerB n p q
      confidenceInterval { low high level } nullBaseline { mean std } } }
  }
}`;

export interface MatrixLoadOptions {
  url: string;
  matrixId: string;
  query: string;
  connections: number;
  seconds: number;
  /** Ask for fresh answers (see the module comment). */
  executed: boolean;
}

export async function matrixLoad(options: MatrixLoadOptions): Promise<LoadRow> {
  const url = `${options.url}/graphql`;
  const variables = { id: options.matrixId };
  const expected = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: options.query, variables }),
  });
  const expectBody = await expected.text();
  if (expected.status !== 200 || !expectBody.startsWith('{"data":{"matrix":{'))
    throw new Error(`the matrix query failed: ${expected.status} ${expectBody.slice(0, 500)}`);
  return loadTest({
    url,
    body: JSON.stringify({ query: options.query, variables }),
    headers: options.executed ? { 'cache-control': 'no-cache' } : {},
    expectBody,
    connections: options.connections,
    seconds: options.seconds,
  });
}
