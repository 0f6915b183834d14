/**
 * A viewer (or an anonymous caller) may change nothing: every mutation the server's schema has, given inputs a
 * runner would have accepted, and an upload of a well-formed file, are refused with FORBIDDEN over HTTP and
 * WebSocket, and the stored state (every table, every blob) is the same afterwards. The inputs are built per
 * argument type from the live schema, so a new mutation is covered as soon as it exists (or the test names
 * what it lacks); an admin then sends the same requests to show that each one is valid and would have
 * changed the state.
 */
import { type GraphQLField, type GraphQLSchema, getNamedType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mutate,
  registerSynthetic,
  START_INVERSION,
  trainTiny,
  upload,
} from '../../apps/server/src/test-support/api.js';
import { createTestDatabase, type TestDatabase } from '../../apps/server/src/test-support/databases.js';
import { syntheticDataset } from '../../apps/server/src/test-support/synthetic-dataset.js';
import { startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';
import { serverState } from './support/server-state.js';
import { wsExecute } from './support/ws-operations.js';

/** What the inputs refer to: READY entities, uploads, a queued job and a token. */
interface Ids {
  datasetId: string;
  modelIds: [string, string];
  datasetUploads: string[];
  modelUploads: string[];
  queuedJobId: string;
  tokenToRevoke: string;
}

/** A valid value per input type; every mutation taking that type gets it (aliases included). */
const INPUTS: Record<string, (ids: Ids) => Record<string, unknown>> = {
  RegisterDatasetInput: (ids) => ({ name: 'viewer-dataset', uploadIds: ids.datasetUploads }),
  ImportModelInput: (ids) => ({ name: 'viewer-import', architectureId: 'mlp', uploadIds: ids.modelUploads }),
  TrainModelInput: (ids) => ({
    name: 'viewer-train',
    architectureId: 'mlp',
    datasetId: ids.datasetId,
    batchSize: 16,
    evaluationCount: 16,
    seed: 5,
  }),
  EvaluateRobustnessInput: (ids) => ({
    modelId: ids.modelIds[0],
    datasetId: ids.datasetId,
    eps: 0.25,
    count: 16,
    steps: 2,
  }),
  StartInversionInput: (ids) => ({
    modelId: ids.modelIds[0],
    datasetId: ids.datasetId,
    pairCount: 4,
    pairSeed: 21,
    parameters: { iterations: 2, batchSize: 4 },
  }),
  ComputeSimilarityInput: (ids) => ({
    modelAId: ids.modelIds[0],
    modelBId: ids.modelIds[1],
    datasetId: ids.datasetId,
    sampleCount: 32,
  }),
  ComputeMatrixInput: (ids) => ({
    source: 'NATURAL',
    modelIds: ids.modelIds,
    datasetId: ids.datasetId,
    sampleCount: 24,
  }),
  // The start* names of the four mutations above (the old names stay as deprecated aliases).
  StartTrainingInput: (ids) => ({ ...INPUTS.TrainModelInput!(ids), name: 'viewer-start-training' }),
  StartRobustAccuracyInput: (ids) => INPUTS.EvaluateRobustnessInput!(ids),
  StartSimilarityInput: (ids) => INPUTS.ComputeSimilarityInput!(ids),
  StartMatrixInput: (ids) => INPUTS.ComputeMatrixInput!(ids),
  StartStudyInput: (ids) => ({
    name: 'viewer-study',
    modelIds: ids.modelIds,
    datasetId: ids.datasetId,
    sampleCount: 16,
    pairCount: 4,
    inversion: { iterations: 2, batchSize: 4 },
  }),
};

/** Valid values for mutations whose arguments are not one input object. */
const ARGUMENTS: Record<string, (ids: Ids) => Record<string, unknown>> = {
  cancelJob: (ids) => ({ id: ids.queuedJobId }),
  createApiToken: () => ({ name: 'minted by a viewer', role: 'ADMIN' }),
  revokeApiToken: (ids) => ({ id: ids.tokenToRevoke }),
};

interface Request {
  mutation: string;
  document: string;
  variables: Record<string, unknown>;
}

/** One request per mutation of the schema, with valid variables; throws naming a mutation it cannot fill. */
function everyMutation(schema: GraphQLSchema, ids: Ids): Request[] {
  const fields = Object.values(schema.getMutationType()!.getFields());
  return fields.map((field: GraphQLField<unknown, unknown>) => {
    const [only] = field.args;
    const inputType = field.args.length === 1 && only ? getNamedType(only.type).name : undefined;
    const fill = inputType && INPUTS[inputType] ? INPUTS[inputType] : ARGUMENTS[field.name];
    if (!fill) {
      throw new Error(
        `no valid arguments for mutation ${field.name}(${field.args.map((a) => `${a.name}: ${a.type}`).join(', ')}); ` +
          'add them to INPUTS (by input type) or ARGUMENTS (by mutation) in tests/server/permissions.test.ts',
      );
    }
    const values = fill(ids);
    const variables =
      inputType && INPUTS[inputType] ? { [only!.name]: values } : (values as Record<string, unknown>);
    const returned = getNamedType(field.type);
    const selection = isObjectType(returned)
      ? `{ __typename${'cached' in returned.getFields() ? ' cached' : ''} }`
      : '';
    const definitions = field.args.map((a) => `$${a.name}: ${a.type}`).join(', ');
    const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    return {
      mutation: field.name,
      document: `mutation${definitions ? `(${definitions})` : ''} { ${field.name}${call ? `(${call})` : ''} ${selection} }`,
      variables,
    };
  });
}

const npyUpload = () => syntheticDataset({ count: 8, size: 8, classes: 2 }).images;

describe('a viewer changes nothing', () => {
  let database: TestDatabase;
  let t: TestServer;
  let ids: Ids;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    // Ready inputs need a worker; the requests themselves go to a server without one, so what they queue stays.
    const setup = await startTestServer({ database: 'pglite', reuse: database, worker: true });
    try {
      const datasetId = await registerSynthetic(setup);
      const modelIds: [string, string] = [
        await trainTiny(setup, { name: 'mlp-a', architectureId: 'mlp', datasetId }),
        await trainTiny(setup, { name: 'mlp-b', architectureId: 'mlp', datasetId, seed: 1 }),
      ];
      ids = { datasetId, modelIds } as Ids;
    } finally {
      await setup.close();
    }
    t = await startTestServer({ database: 'pglite', reuse: database, worker: false });
    const files = syntheticDataset({ count: 16, size: 8, classes: 4, seed: 3 });
    ids.datasetUploads = [
      await upload(t, 'images.npy', files.images),
      await upload(t, 'labels.npy', files.labels),
    ];
    ids.modelUploads = [
      await upload(t, 'model.json', Buffer.from('{"modelTopology": {}, "weightsManifest": []}')),
      await upload(t, 'weights.bin', Buffer.alloc(16)),
    ];
    const queued = await mutate<{ job: { id: string; status: string } }>(t, START_INVERSION, {
      input: { modelId: ids.modelIds[0], datasetId: ids.datasetId, pairCount: 4, pairSeed: 99 },
    });
    expect(queued.job.status).toBe('QUEUED');
    ids.queuedJobId = queued.job.id;
    const token = await t.gql<{ createApiToken: { apiToken: { id: string } } }>(
      'mutation { createApiToken(name: "to revoke", role: VIEWER) { apiToken { id } } }',
      {},
      t.tokens.admin,
    );
    ids.tokenToRevoke = token.data!.createApiToken.apiToken.id;
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('refuses every mutation with valid inputs, and a valid upload, to viewers and anonymous callers with FORBIDDEN', async () => {
    const requests = everyMutation(t.server.schema, ids);
    expect(requests.map((r) => r.mutation)).toEqual(expect.arrayContaining(['trainModel', 'createApiToken']));
    const before = await serverState(t);
    for (const [who, token] of [
      ['viewer', t.tokens.viewer],
      ['anonymous', undefined],
    ] as const) {
      const socket = t.ws(token);
      for (const { mutation, document, variables } of requests) {
        for (const [transport, res] of [
          ['HTTP', await t.gql(document, variables, token)],
          ['WebSocket', await wsExecute(socket, document, variables)],
        ] as const) {
          const what = `${mutation} by ${who} over ${transport}: ${JSON.stringify(res)}`;
          expect(
            res.errors?.map((e) => e.extensions?.code),
            what,
          ).toEqual(['FORBIDDEN']);
          expect(res.data ?? null, what).toBeNull();
        }
      }
      const uploaded = await fetch(`${t.url}/uploads?filename=images.npy`, {
        method: 'POST',
        headers: token ? { authorization: `Bearer ${token}` } : {},
        body: new Uint8Array(npyUpload()),
      });
      expect(uploaded.status, `upload by ${who}`).toBe(403);
      expect(await uploaded.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect(await serverState(t)).toEqual(before);
  });

  it('accepts the same requests from an admin, each one changing the stored state', async () => {
    let state = await serverState(t);
    for (const { mutation, document, variables } of everyMutation(t.server.schema, ids)) {
      const res = await t.gql<Record<string, { cached?: boolean }>>(document, variables, t.tokens.admin);
      expect(res.errors, `${mutation}: ${JSON.stringify(res.errors)}`).toBeUndefined();
      const next = await serverState(t);
      // A deprecated alias repeats its twin's request, which the store answers (cached) without a change.
      if (!res.data?.[mutation]?.cached) expect(next, mutation).not.toEqual(state);
      state = next;
    }
    await upload(t, 'images.npy', npyUpload(), t.tokens.admin); // throws unless 201
    expect(await serverState(t)).not.toEqual(state);
  });
});
