/**
 * Stores a k x k matrix with its models, results and cells directly in the database, for latency benchmarks of
 * the read path. The values are synthetic (a benchmark of queries, not of science) and the rows say so.
 */
import { randomUUID } from 'node:crypto';
import { createRng } from '@simlab/compute';
import type { Database } from '../db/database.js';
import { completeModel, insertModel } from '../db/model.queries.js';
import { completeMatrix, insertCell, insertMatrix } from '../db/similarity-matrix.queries.js';
import { insertOrGetResult } from '../db/similarity-result.queries.js';
import { insertReadyDataset } from './seed-dataset.js';

export async function seedMatrix(db: Database, k: number, architectureId: string): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const datasetId = await insertReadyDataset(db, 'bench', 'synthetic (benchmark)', {
    contentHash: `bench-${tag}`,
    count: 1000,
    imageShape: [28, 28, 1],
    classNames: ['a', 'b'],
    classCounts: [500, 500],
    loader: 'synthetic',
    imagesSha256: null,
    labelsSha256: null,
  });
  const models = [];
  for (let i = 0; i < k; i++) {
    const m = (await insertModel(db, {
      id: randomUUID(),
      name: `bench-${tag}-${i}`,
      architectureId,
      status: 'PENDING',
      origin: 'imported',
      datasetId: null,
      norm: 'l2',
      eps: i % 3,
      requestKey: null,
      jobId: null,
    }))!;
    await completeModel(db, m.id, {
      weightsHash: `bench-${tag}-${i}`,
      files: {},
      card: null,
      cleanAccuracy: null,
      norm: 'l2',
      eps: i % 3,
      inputShape: [28, 28, 1],
      classes: 10,
    });
    models.push(m);
  }
  const params = {
    sampleCount: 1000,
    sampleSeed: 0,
    nullPermutations: 0,
    bootstrapResamples: 0,
    confidenceLevel: 0.95,
    rbfThreshold: 0.5,
    minibatchSize: 256,
  };
  const matrix = (await insertMatrix(db, {
    id: randomUUID(),
    metric: 'linear',
    source: 'natural',
    datasetId,
    modelIds: models.map((m) => m.id),
    params: { ...params, layer: 'representation', pairCount: null, pairSeed: null, inversion: null },
    requestKey: `bench-${tag}`,
    jobId: null,
  }))!;
  const rng = createRng(1);
  const values: number[][] = [];
  for (let r = 0; r < k; r++) {
    values.push([]);
    for (let c = 0; c < k; c++) {
      const value = r === c ? 1 : 0.3 + 0.6 * (rng.int(1000) / 1000);
      values[r]!.push(value);
      const { row } = await insertOrGetResult(db, {
        id: randomUUID(),
        metric: 'linear',
        modelAId: models[r]!.id,
        modelBId: models[c]!.id,
        layerA: 'representation',
        layerB: 'representation',
        datasetId,
        inversionId: null,
        params,
        requestKey: `bench-${tag}-${r}-${c}`,
        jobId: null,
      });
      // Plain SQL of the headline columns: the bench does not follow each change of the result row's API.
      await db.query(
        `UPDATE similarity_result SET status = 'READY', value = $2, n = 1000, p = 64, q = 64, provenance = $3,
           finished_at = now() WHERE id = $1`,
        [
          row.id,
          value,
          JSON.stringify({ requestKey: `bench-${tag}-${r}-${c}`, parameters: { synthetic: true } }),
        ],
      );
      await insertCell(db, matrix.id, { row: r, column: c, resultId: row.id });
    }
  }
  await completeMatrix(db, matrix.id, {
    offDiagonalMean: 0.6,
    values,
    trend: null,
    provenance: { requestKey: `bench-${tag}`, parameters: { synthetic: true } },
  });
  return matrix.id;
}
