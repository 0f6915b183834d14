/**
 * ONNX models that cannot be used, uploaded over HTTP as a user would: the import job fails with compute's code
 * and a message naming the problem and the fix (an unsupported operator with its node; a batch size fixed at
 * export), and a model without a final fully connected layer imports but has no default representation, which
 * requests refuse up front. And examples/python/import_onnx.py imports compute's CNN fixture as a user would. (The
 * working path, inversions and studies: apps/server/src/jobs/import-onnx.test.ts.)
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUploaded, START_INVERSION } from '../../apps/server/src/test-support/api.js';
import { importOnnxUpload, onnxFixturePath } from '../../apps/server/src/test-support/onnx.js';
import { syntheticDataset } from '../../apps/server/src/test-support/synthetic-dataset.js';
import { startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';
import { buildOnnxModel } from '../../packages/compute/src/test-support/onnx-builder.js';

const MNIST_INPUT = { name: 'X', shape: ['n', 1, 28, 28] };
const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
// As examples.test.ts: Debian's interpreter has requests (scripts/system-deps.sh); SIMLAB_PYTHON picks another.
const python = process.env.SIMLAB_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

describe('unusable ONNX models (PGlite)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', worker: true });
  });
  afterAll(async () => t?.close());

  const modelStatus = async (id: string) =>
    (await t.gql<{ model: { status: string } }>('query($id: ID!) { model(id: $id) { status } }', { id }))
      .data!.model.status;

  it('fails the import of an unsupported operator, naming it, its node and what to do', async () => {
    const bytes = buildOnnxModel({
      inputs: [MNIST_INPUT],
      outputs: ['Y'],
      nodes: [
        { op: 'Relu', inputs: ['X'], outputs: ['R'] },
        {
          op: 'Einsum',
          inputs: ['R'],
          outputs: ['Y'],
          attrs: { equation: 'nchw->nc' },
          name: 'mixer/einsum',
        },
      ],
    });
    const { payload, job } = await importOnnxUpload(t, Buffer.from(bytes), {
      name: 'einsum-net',
      architecture: { name: 'einsum-net' },
    });
    expect(job?.status).toBe('FAILED');
    expect(job?.error?.code).toBe('UNSUPPORTED_MODEL');
    expect(job?.error?.message).toMatch(/Einsum \(node 'mixer\/einsum'\)/);
    expect(job?.error?.message).toMatch(/opset_version=13.*replace the layer.*open an issue/);
    expect(await modelStatus(payload.model.id)).toBe('FAILED');
  });

  it('fails the import of a model exported with a fixed batch size, naming dynamic_axes', async () => {
    const bytes = buildOnnxModel({
      inputs: [MNIST_INPUT],
      outputs: ['Y'],
      nodes: [{ op: 'Reshape', inputs: ['X', 'shape'], outputs: ['Y'], name: '/Reshape' }],
      initializers: { shape: { dims: [2], ints: [1, 784] } },
    });
    const { job } = await importOnnxUpload(t, Buffer.from(bytes), {
      name: 'batch-one',
      architecture: { name: 'batch-one' },
    });
    expect(job?.status).toBe('FAILED');
    expect(job?.error?.code).toBe('UNSUPPORTED_MODEL');
    expect(job?.error?.message).toMatch(/dynamic_axes/);
  });

  it('imports a model without a final fully connected layer, and refuses its default representation', async () => {
    // Conv -> global average pool -> flatten: logits [n, 10], but no Gemm/MatMul to take the representation before.
    const bytes = buildOnnxModel({
      inputs: [MNIST_INPUT],
      outputs: ['Y'],
      nodes: [
        { op: 'Conv', inputs: ['X', 'W'], outputs: ['C'], attrs: { kernel_shape: [3, 3] }, name: '/conv' },
        { op: 'GlobalAveragePool', inputs: ['C'], outputs: ['P'], name: '/pool' },
        { op: 'Flatten', inputs: ['P'], outputs: ['Y'], name: '/flatten' },
      ],
      initializers: {
        W: { dims: [10, 1, 3, 3], floats: Array.from({ length: 90 }, (_, i) => ((i % 7) - 3) / 10) },
      },
    });
    const { payload, job } = await importOnnxUpload(t, Buffer.from(bytes), {
      name: 'all-conv',
      architecture: { name: 'all-conv', family: 'cnn' },
    });
    expect(job?.status, JSON.stringify(job?.error)).toBe('COMPLETED');
    const res = await t.gql<{
      model: { format: string; representationLayer: string | null; layers: string[]; architecture: unknown };
    }>(
      `query($id: ID!) { model(id: $id) { format representationLayer layers
        architecture { id origin representationSize } } }`,
      { id: payload.model.id },
    );
    expect(res.data!.model).toMatchObject({
      format: 'ONNX',
      representationLayer: null,
      architecture: { id: 'all-conv', origin: 'IMPORTED', representationSize: null },
    });
    expect(res.data!.model.layers).toEqual(expect.arrayContaining(['C', 'P', '/conv', '/pool']));

    const datasetId = await registerUploaded(
      t,
      'digits-28',
      syntheticDataset({ count: 32, size: 28, classes: 4 }),
    );
    const refused = await t.gql(
      START_INVERSION,
      { input: { modelId: payload.model.id, datasetId, pairCount: 4 } },
      t.tokens.runner,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNKNOWN_LAYER');
    expect(refused.errors?.[0]?.message).toMatch(
      /all-conv has no layer "representation" and no final fully connected layer.*name a layer: its layers are .*\/pool/,
    );
  });

  it('imports the PyTorch CNN with examples/python/import_onnx.py', async () => {
    const script = (name: string) =>
      run(
        python,
        [
          'examples/python/import_onnx.py',
          onnxFixturePath('cnn'),
          '--name',
          name,
          '--architecture',
          'torch-cnn',
          '--family',
          'cnn',
        ],
        { cwd: root, env: { ...process.env, SIMLAB_URL: t.url, SIMLAB_TOKEN: t.tokens.runner } },
      );
    const { stdout } = await script('torch-cnn-eps0');
    expect(stdout).toContain('model torch-cnn-eps0');
    expect(stdout).toMatch(/architecture\s+torch-cnn \(family cnn, imported\)/);
    expect(stdout).toMatch(/format\s+ONNX/);
    expect(stdout).toMatch(/input\s+28x28x1/);
    expect(stdout).toMatch(/parameters\s+8,538/);
    expect(stdout).toContain('sha256 of cnn.onnx matches');
    // The same request again: the stored model, no second import.
    expect((await script('torch-cnn-eps0')).stdout).toContain('(already imported)');
  });
});
