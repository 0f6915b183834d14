import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { CheckpointInvalidError, NotFoundError } from '../errors.js';
import { CARD_FILE, loadCheckpoint, MODEL_FILE, type ModelCardInput, saveCheckpoint } from './checkpoint.js';
import { getArchitecture } from './registry.js';
import { sha256Hex, WEIGHTS_FILE } from './serialize.js';

let root: string;

beforeAll(async () => {
  await initBackend();
  root = await mkdtemp(join(tmpdir(), 'simlab-checkpoint-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const dataset = { name: 'mnist', hash: 'a'.repeat(64), count: 100 };
const cardInput = (architectureId: string): ModelCardInput => ({
  architectureId,
  seed: 3,
  training: {
    dataset,
    norm: 'linf',
    eps: 0.1,
    epochs: 2,
    batchSize: 64,
    learningRate: 0.001,
    attack: { steps: 7, stepSize: 0.0357, randomStart: false },
  },
  evaluation: {
    dataset,
    cleanAccuracy: 0.9,
    robustAccuracy: 0.6,
    attack: { norm: 'linf', eps: 0.1, steps: 20, stepSize: 0.0125, restarts: 1, randomStart: false },
  },
  backend: 'wasm',
  codeVersion: 'test',
  timings: { trainSeconds: 1, evaluateSeconds: 1 },
  createdAt: new Date(0).toISOString(),
});

/** A model with non-default batch-norm statistics (one training-mode call), saved to a fresh directory. */
async function savedModel(id: string, name: string): Promise<{ dir: string; model: tfl.LayersModel }> {
  const model = getArchitecture(id).build([28, 28, 1], 10, 3);
  tf.dispose(
    model.apply(tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 1), { training: true }) as tf.Tensor,
  );
  const dir = join(root, name);
  await saveCheckpoint(dir, model, cardInput(id));
  return { dir, model };
}

describe('checkpoints', () => {
  it.each(['resnet', 'mixer', 'mobilenet'])(
    '%s: save then load gives identical outputs, the same hash and a complete card',
    async (id) => {
      const { dir, model } = await savedModel(id, `${id}-roundtrip`);
      const { model: loaded, card } = await loadCheckpoint(dir, { expectArchitecture: id });
      const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 2);
      const [a, b] = [model, loaded].map((m) => (m.predict(x) as tf.Tensor).dataSync());
      expect(Array.from(b!)).toEqual(Array.from(a!));
      expect(card.weightsHash).toBe(sha256Hex(await readFile(join(dir, WEIGHTS_FILE))));
      expect(card).toMatchObject({ architectureId: id, inputShape: [28, 28, 1], classes: 10, seed: 3 });
      // Saving the loaded model again reproduces the bytes.
      const again = await saveCheckpoint(join(root, `${id}-again`), loaded, cardInput(id));
      expect(again.weightsHash).toBe(card.weightsHash);
      tf.dispose(x);
      model.dispose();
      loaded.dispose();
    },
  );

  it('refuses corrupt and truncated weights', async () => {
    const { dir, model } = await savedModel('mlp', 'corrupt');
    model.dispose();
    const bytes = await readFile(join(dir, WEIGHTS_FILE));
    bytes[100] = (bytes[100]! + 1) % 256;
    await writeFile(join(dir, WEIGHTS_FILE), bytes);
    await expect(loadCheckpoint(dir)).rejects.toThrow(/SHA-256.*corrupt/);
    await writeFile(join(dir, WEIGHTS_FILE), bytes.subarray(0, bytes.length - 8));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/holds 220192 bytes but .* needs 220200/);
  });

  it('refuses a card that belongs to another model or lacks a field', async () => {
    const mlp = await savedModel('mlp', 'card-mlp');
    const lenet = await savedModel('lenet', 'card-lenet');
    const mlpCard = await readFile(join(mlp.dir, CARD_FILE), 'utf8');
    await writeFile(join(lenet.dir, CARD_FILE), mlpCard);
    await expect(loadCheckpoint(lenet.dir)).rejects.toThrow(/describes mlp .* holds lenet/);
    const card = JSON.parse(mlpCard);
    card.training.eps = 'big';
    await writeFile(join(mlp.dir, CARD_FILE), JSON.stringify(card));
    await expect(loadCheckpoint(mlp.dir)).rejects.toThrow(
      /training\.eps must be a finite number, found "big"/,
    );
    await expect(loadCheckpoint(lenet.dir, { expectArchitecture: 'mlp' })).rejects.toThrow(
      CheckpointInvalidError,
    );
    mlp.model.dispose();
    lenet.model.dispose();
  });

  it('refuses a card whose architecture was edited to match another model.json', async () => {
    const { dir, model } = await savedModel('vgg', 'edited');
    model.dispose();
    const json = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8'));
    json.userDefinedMetadata.simlab.architectureId = 'lenet';
    await writeFile(join(dir, MODEL_FILE), JSON.stringify(json));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/describes vgg .* holds lenet/);
  });

  it('reports a missing directory as NotFoundError and a missing file as CheckpointInvalidError', async () => {
    await expect(loadCheckpoint(join(root, 'nowhere'))).rejects.toThrow(NotFoundError);
    const { dir, model } = await savedModel('mlp', 'missing');
    model.dispose();
    await rm(join(dir, WEIGHTS_FILE));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/cannot read weights\.bin/);
  });

  it('leaks no tensors when saving and loading', async () => {
    const { dir, model } = await savedModel('resnet', 'leaks');
    const before = tf.memory().numTensors;
    await saveCheckpoint(dir, model, cardInput('resnet'));
    const { model: loaded } = await loadCheckpoint(dir);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
