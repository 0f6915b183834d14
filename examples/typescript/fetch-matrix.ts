/**
 * Fetch a similarity matrix and its robustness trend from a SimLab server and print them.
 *
 *   npx tsx examples/typescript/fetch-matrix.ts               # the newest READY inverted matrix
 *   npx tsx examples/typescript/fetch-matrix.ts <matrix-id>   # a given matrix
 *
 * Environment: SIMLAB_URL (default http://127.0.0.1:4000), SIMLAB_TOKEN (optional; a viewer token is enough).
 * Uses only fetch (Node 18+).
 */
const URL = (process.env.SIMLAB_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
const headers: Record<string, string> = { 'content-type': 'application/json' };
if (process.env.SIMLAB_TOKEN) headers.authorization = `Bearer ${process.env.SIMLAB_TOKEN}`;

interface Matrix {
  id: string;
  metric: string;
  source: string;
  offDiagonalMean: number | null;
  models: { id: string; name: string; eps: number; architecture: { id: string } }[];
  values: (number | null)[][];
  trend: {
    rowSpearman: number | null;
    columnSpearman: number | null;
    points: {
      modelId: string;
      architectureId: string;
      eps: number;
      rowMean: number | null;
      columnMean: number | null;
    }[];
  } | null;
}

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${URL}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  if (body.errors?.length) throw new Error(`${body.errors[0]!.extensions?.code}: ${body.errors[0]!.message}`);
  return body.data!;
}

async function main(): Promise<void> {
  let id = process.argv[2];
  if (!id) {
    const latest = await graphql<{ matrices: { edges: { node: { id: string } }[] } }>(
      'query { matrices(first: 1, filter: { status: READY, source: INVERTED }) { edges { node { id } } } }',
    );
    id = latest.matrices.edges[0]?.node.id;
    if (!id) throw new Error('no READY inverted matrix on the server yet; run a study first');
  }
  const { matrix } = await graphql<{ matrix: Matrix | null }>(
    `query Matrix($id: ID!) {
      matrix(id: $id) {
        id metric source offDiagonalMean values
        models { id name eps architecture { id } }
        trend { rowSpearman columnSpearman points { modelId architectureId eps rowMean columnMean } }
      }
    }`,
    { id },
  );
  if (!matrix) throw new Error(`no matrix ${id}`);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const width = Math.max(...matrix.models.map((m) => m.name.length));
  out(
    `${matrix.source.toLowerCase()} ${matrix.metric.toLowerCase()} CKA, ${matrix.models.length} models, off-diagonal mean ${matrix.offDiagonalMean?.toFixed(3)}`,
  );
  matrix.values.forEach((row, i) => {
    const cells = row.map((v) => (v === null ? '   n/a' : v.toFixed(3).padStart(6))).join(' ');
    out(`${matrix.models[i]!.name.padStart(width)} ${cells}`);
  });
  if (matrix.trend) {
    out('\nrobustness trend (eps vs mean similarity to the others)');
    for (const p of [...matrix.trend.points].sort(
      (a, b) => a.architectureId.localeCompare(b.architectureId) || a.eps - b.eps,
    )) {
      out(
        `  ${p.architectureId.padStart(10)} eps=${String(p.eps).padEnd(5)} row mean ${mean(p.rowMean)}  column mean ${mean(p.columnMean)}`,
      );
    }
    out(`Spearman(eps, row mean) = ${matrix.trend.rowSpearman?.toFixed(3) ?? 'n/a'}`);
  }
  const trendCsv = await fetch(`${URL}/export/trend/${id}.csv`, { headers });
  out(
    `\ntrend CSV export: ${(await trendCsv.text()).trim().split('\n').length - 1} rows from ${URL}/export/trend/${id}.csv`,
  );
}

/** A trend mean, or n/a when every model of the matrix has one architecture (no cross-architecture cells). */
function mean(value: number | null): string {
  return value === null ? '  n/a' : value.toFixed(3);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
