import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';
import { createRng } from '../random.js';
import { CKA_METRICS, type CkaOptions, cka } from './cka.js';
import { debiasedCka } from './debiased-cka.js';
import { linearCka } from './linear-cka.js';
import { minibatchCka } from './minibatch-cka.js';
import { rbfCka } from './rbf-cka.js';

const rng = createRng(8);
const rows = (n: number, p: number) =>
  Array.from({ length: n }, () => Array.from({ length: p }, () => rng.normal()));
const a = rows(24, 5);
const b = a.map((row) => [...row.slice(0, 3).map((v) => v * 2 + rng.normal()), rng.normal()]);

beforeAll(async () => {
  await initBackend();
});

describe('cka', () => {
  it('dispatches to each metric and every result carries metric, n, p and q', async () => {
    const direct = {
      linear: await linearCka(a, b),
      debiased: await debiasedCka(a, b),
      rbf: await rbfCka(a, b, { threshold: 0.8 }),
      minibatch: await minibatchCka(a, b, { batchSize: 8 }),
    };
    const options: Record<string, CkaOptions> = {
      linear: { metric: 'linear' },
      debiased: { metric: 'debiased' },
      rbf: { metric: 'rbf', threshold: 0.8 },
      minibatch: { metric: 'minibatch', batchSize: 8 },
    };
    for (const metric of CKA_METRICS) {
      const result = await cka(a, b, options[metric]);
      expect(result).toMatchObject({ metric, n: 24, p: 5, q: 4 });
      expect(['feature', 'gram']).toContain(result.form);
      expect(result.value).toBe(direct[metric].value);
    }
  });

  it('defaults to linear CKA', async () => {
    expect(await cka(a, b)).toEqual(await linearCka(a, b));
  });

  it('accepts tensors and leaves no tensors behind', async () => {
    const ta = tf.tensor2d(a);
    const tb = tf.tensor2d(b);
    const before = tf.memory().numTensors;
    for (const metric of CKA_METRICS) await cka(ta, tb, { metric } as CkaOptions);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([ta, tb]);
  });

  it('names the metrics when given an unknown one', async () => {
    const bad = { metric: 'cosine' } as unknown as CkaOptions;
    expect(() => cka(a, b, bad)).toThrow(InvalidArgumentError);
    expect(() => cka(a, b, bad)).toThrow(
      'unknown CKA metric "cosine"; use one of linear, debiased, rbf, minibatch',
    );
  });
});
