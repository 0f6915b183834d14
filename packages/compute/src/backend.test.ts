import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { currentBackend, initBackend, machineInfo } from './backend.js';

describe('initBackend', () => {
  it('selects the WebAssembly backend when no native TensorFlow is installed, and reports it', async () => {
    const info = await initBackend();
    // tfjs-node is not a dependency, so automatic selection must land on wasm (never silently on plain JS).
    expect(info.name).toBe(process.env.SIMLAB_BACKEND || 'wasm');
    expect(tf.getBackend()).toBe(info.name);
    expect(await currentBackend()).toEqual(info);
    expect(await initBackend({ prefer: 'cpu' })).toBe(info);
  });

  it('reports the machine it runs on', () => {
    const machine = machineInfo();
    expect(machine.cores).toBeGreaterThan(0);
    expect(machine.cpuModel.length).toBeGreaterThan(0);
  });
});
