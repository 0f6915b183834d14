/**
 * Server paths and layer names are checked when the request arrives: a refused request answers with its code
 * and leaves no entity and no job behind.
 */
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ZOO_DIR } from '@simlab/compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReadyDataset } from '../bench/seed-dataset.js';
import { completeModel, insertModel } from '../db/model.queries.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const COUNTS = `{ datasets { totalCount } models { totalCount } inversions { totalCount }
  similarityResults { totalCount } matrices { totalCount } studies { totalCount } jobs { totalCount } }`;

const REGISTER =
  'mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { dataset { id } } }';
const IMPORT = 'mutation($input: ImportModelInput!) { importModel(input: $input) { model { id } } }';
const SIMILARITY =
  'mutation($input: ComputeSimilarityInput!) { computeSimilarity(input: $input) { result { id } } }';
const MATRIX = 'mutation($input: ComputeMatrixInput!) { computeMatrix(input: $input) { matrix { id } } }';
const INVERSION =
  'mutation($input: StartInversionInput!) { startInversion(input: $input) { inversion { id } } }';
const STUDY = 'mutation($input: StartStudyInput!) { startStudy(input: $input) { study { id } } }';

describe('server paths and layer names', () => {
  let t: TestServer;
  let datasetId: string;
  let lenet: string;
  let mlp: string;
  /** A model with neither a `representation` layer nor a final Dense layer (a plain TF.js export). */
  let plain: string;
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite' });
    const { db, blobs } = t.server.services;
    // Inside the data directory (an import root): a link that leads out of it.
    await mkdir(join(t.database.dataDir, 'imports'), { recursive: true });
    await symlink('/etc', join(t.database.dataDir, 'imports', 'etc'));
    datasetId = await insertReadyDataset(db, 'digits', 'synthetic (test)', {
      contentHash: 'test-digits',
      count: 100,
      imageShape: [28, 28, 1],
      classNames: ['a', 'b'],
      classCounts: [50, 50],
      loader: 'synthetic',
      imagesSha256: null,
      labelsSha256: null,
    });
    // READY models whose stored model.json is a shipped zoo checkpoint's (its layers are what is checked).
    const readyModel = async (name: string, source: string | object, architectureId: string) => {
      const bytes =
        typeof source === 'string'
          ? await readFile(join(DEFAULT_ZOO_DIR, source, 'model.json'))
          : Buffer.from(JSON.stringify(source));
      const modelJson = await blobs.put(bytes);
      const row = (await insertModel(db, {
        id: crypto.randomUUID(),
        name,
        architectureId,
        status: 'PENDING',
        origin: 'imported',
        datasetId: null,
        norm: null,
        eps: 0,
        requestKey: null,
        jobId: null,
      }))!;
      await completeModel(db, row.id, {
        weightsHash: `test-${name}`,
        files: { 'model.json': modelJson.sha256 },
        card: null,
        cleanAccuracy: null,
        norm: null,
        eps: 0,
        inputShape: [28, 28, 1],
        classes: 10,
      });
      return row.id;
    };
    lenet = await readyModel('lenet', 'lenet-l2-eps0-r1', 'lenet');
    mlp = await readyModel('mlp', 'mlp-l2-eps0-r1', 'mlp');
    plain = await readyModel('plain', noRepresentation(), 'mlp');
  });
  afterAll(async () => t?.close());

  const counts = async () => (await t.gql(COUNTS)).data;

  async function expectRefused(query: string, input: Record<string, unknown>, code: string) {
    const before = await counts();
    const res = await t.gql(query, { input }, t.tokens.runner);
    expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe(code);
    expect(await counts()).toEqual(before);
    return res.errors![0]!.message;
  }

  const badPaths: [string, () => string][] = [
    ['an absolute path outside the roots', () => '/etc'],
    ['a relative path', () => 'data/images'],
    ['a symlink inside a root that escapes it', () => join(t.database.dataDir, 'imports', 'etc')],
    ['/proc', () => '/proc/self'],
    ['a path that climbs out of a root', () => `${t.database.dataDir}/../../etc`],
  ];

  it.each(badPaths)('registerDataset refuses %s with PATH_NOT_ALLOWED', async (_, path) => {
    const message = await expectRefused(REGISTER, { name: 'x', source: path() }, 'PATH_NOT_ALLOWED');
    expect(message).toContain(JSON.stringify(path()));
    expect(message).toContain('SIMLAB_IMPORT_ROOTS');
  });

  it.each(badPaths)('importModel refuses %s with PATH_NOT_ALLOWED', async (_, path) => {
    await expectRefused(
      IMPORT,
      { name: 'x', architectureId: 'mlp', checkpointPath: path() },
      'PATH_NOT_ALLOWED',
    );
  });

  it('says NOT_FOUND for a missing path inside a root', async () => {
    await expectRefused(
      REGISTER,
      { name: 'x', source: join(t.database.dataDir, 'imports', 'missing') },
      'NOT_FOUND',
    );
  });

  it('accepts a shipped zoo checkpoint (a default root)', async () => {
    const res = await t.gql(
      IMPORT,
      {
        input: {
          name: 'zoo-mlp',
          architectureId: 'mlp',
          checkpointPath: join(DEFAULT_ZOO_DIR, 'mlp-l2-eps0-r1'),
        },
      },
      t.tokens.runner,
    );
    expect(res.errors).toBeUndefined();
  });

  it('refuses a layer the model lacks with UNKNOWN_LAYER, listing its layers', async () => {
    const message = await expectRefused(
      SIMILARITY,
      { metric: 'LINEAR', modelAId: lenet, modelBId: mlp, datasetId, layerA: 'conv1', layerB: 'conv1' },
      'UNKNOWN_LAYER',
    );
    expect(message).toContain('model mlp has no layer "conv1"');
    expect(message).toContain('representation, logits');
  });

  it('refuses an unknown layer on matrices, inversions and studies', async () => {
    await expectRefused(
      MATRIX,
      { metric: 'LINEAR', source: 'NATURAL', modelIds: [lenet, mlp], datasetId, layer: 'pool9' },
      'UNKNOWN_LAYER',
    );
    // The default layer is checked too: without a `representation` layer or a final Dense layer to take the
    // representation before (SPEC §2), a model has no default representation to invert.
    await expectRefused(INVERSION, { modelId: plain, datasetId, pairCount: 4 }, 'UNKNOWN_LAYER');
    await expectRefused(
      STUDY,
      { name: 's', metric: 'LINEAR', modelIds: [lenet, plain], datasetId, sampleCount: 50, pairCount: 4 },
      'UNKNOWN_LAYER',
    );
  });

  it('accepts a layer every model has', async () => {
    const res = await t.gql(
      SIMILARITY,
      {
        input: {
          metric: 'LINEAR',
          modelAId: lenet,
          modelBId: lenet,
          datasetId,
          layerA: 'conv1',
          layerB: 'fc1',
        },
      },
      t.tokens.runner,
    );
    expect(res.errors).toBeUndefined();
  });
});

/** A functional model.json whose layers are input, hidden and logits. */
function noRepresentation() {
  const layer = (className: string, name: string) => ({ class_name: className, name, config: { name } });
  return {
    modelTopology: {
      class_name: 'Model',
      config: { layers: [layer('InputLayer', 'input'), layer('Conv2D', 'conv'), layer('Flatten', 'logits')] },
    },
  };
}
