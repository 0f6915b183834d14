/** Initialises TF.js once per child and describes the environment for provenance. */
import { type BackendInfo, codeVersion, currentBackend, initBackend, machineInfo } from '@simlab/compute';
import type { ComputeEnvironment } from './task-inputs.js';

export async function computeEnvironment(): Promise<ComputeEnvironment> {
  await initBackend();
  const backend = await currentBackend();
  return {
    codeVersion: codeVersion(),
    backend: describeBackend(backend),
    machine: { ...machineInfo() },
  };
}

/** "wasm (@tensorflow/tfjs-backend-wasm 4.22.0, SIMD)": how provenance records name a backend. */
export function describeBackend(backend: BackendInfo): string {
  return `${backend.name} (${backend.package} ${backend.version}${backend.simd ? ', SIMD' : ''})`;
}

/** Calls `fn` at most every `ms` milliseconds (progress events would otherwise flood the IPC channel). */
export function throttle<A extends unknown[]>(ms: number, fn: (...args: A) => void): (...args: A) => void {
  let last = 0;
  return (...args) => {
    const now = Date.now();
    if (now - last < ms) return;
    last = now;
    fn(...args);
  };
}
