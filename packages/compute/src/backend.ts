/**
 * Chooses the TensorFlow.js backend once per process and reports it (SPEC §7: every result records it).
 *
 * Order: `@tensorflow/tfjs-node-gpu`, then `@tensorflow/tfjs-node` (native TensorFlow, GPU hosts; neither is
 * a dependency because their install downloads binaries), then WebAssembly (XNNPACK, SIMD), then plain JS.
 * `SIMLAB_BACKEND=tensorflow|wasm|cpu` (or `initBackend({ prefer })`) forces one and fails loudly if it
 * cannot load, so a benchmark never silently runs on a slower backend.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, InvalidArgumentError } from './errors.js';
import { installFastKernels } from './kernels/install-fast-kernels.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendInfo {
  /** TF.js backend name as registered with the engine. */
  name: BackendName;
  /** npm package that provides it, e.g. `@tensorflow/tfjs-backend-wasm`. */
  package: string;
  version: string;
  /** True only for tfjs-node-gpu with a visible CUDA device. */
  gpu: boolean;
  /** Kernel threads used by the backend itself (WASM runs single-threaded in Node; see parallel.ts). */
  threads: number;
  simd: boolean;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  node: string;
}

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;
const TFJS_VERSION = tf.version_core;

let chosen: Promise<BackendInfo> | undefined;

/**
 * Initialises the backend (idempotent: the first call decides, later calls return the same info).
 * @throws BackendUnavailableError when a forced backend cannot be loaded.
 */
export function initBackend(options: { prefer?: BackendName } = {}): Promise<BackendInfo> {
  chosen ??= selectBackend(options.prefer ?? parseBackendEnv(process.env.SIMLAB_BACKEND));
  return chosen;
}

/** The backend in use; throws if `initBackend` has not completed yet. */
export async function currentBackend(): Promise<BackendInfo> {
  if (!chosen) throw new BackendUnavailableError('no backend initialised yet: call initBackend() first');
  return chosen;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()}-${os.arch()}`,
    node: process.version,
  };
}

function parseBackendEnv(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === '' || value === 'auto') return undefined;
  if (value === 'tensorflow' || value === 'wasm' || value === 'cpu') return value;
  throw new InvalidArgumentError(
    `SIMLAB_BACKEND=${JSON.stringify(value)} is not a backend; use tensorflow, wasm, cpu or auto`,
  );
}

async function selectBackend(prefer: BackendName | undefined): Promise<BackendInfo> {
  const order: BackendName[] = prefer ? [prefer] : ['tensorflow', 'wasm', 'cpu'];
  const failures: string[] = [];
  for (const name of order) {
    try {
      return await activate(name);
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
  throw new BackendUnavailableError(
    `backend ${prefer ?? 'auto'} could not be loaded (${failures.join('; ')}). ` +
      'Unset SIMLAB_BACKEND, or install the native backend with `npm install @tensorflow/tfjs-node`.',
  );
}

async function activate(name: BackendName): Promise<BackendInfo> {
  switch (name) {
    case 'tensorflow':
      return activateNative();
    case 'wasm':
      return activateWasm();
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      await setBackendOrThrow('cpu');
      return {
        name,
        package: '@tensorflow/tfjs-backend-cpu',
        version: TFJS_VERSION,
        gpu: false,
        threads: 1,
        simd: false,
      };
  }
}

async function activateNative(): Promise<BackendInfo> {
  for (const pkg of NATIVE_PACKAGES) {
    try {
      // A variable specifier keeps the optional packages out of TypeScript's module resolution.
      const specifier: string = pkg;
      await import(specifier);
    } catch {
      continue;
    }
    await setBackendOrThrow('tensorflow');
    const gpu = pkg.endsWith('-gpu');
    return {
      name: 'tensorflow',
      package: pkg,
      version: TFJS_VERSION,
      gpu,
      threads: os.cpus().length,
      simd: true,
    };
  }
  throw new Error(`neither ${NATIVE_PACKAGES.join(' nor ')} is installed`);
}

async function activateWasm(): Promise<BackendInfo> {
  // The WASM backend's own pthreads start workers from blob URLs, which Node cannot load: stay single-threaded
  // and parallelise across worker threads instead.
  // The flag is registered by the package's import, so it can only be set after it.
  await import('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await setBackendOrThrow('wasm');
  installFastKernels();
  return {
    name: 'wasm',
    package: '@tensorflow/tfjs-backend-wasm',
    version: TFJS_VERSION,
    gpu: false,
    threads: 1,
    simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
  };
}

async function setBackendOrThrow(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`tf.setBackend('${name}') failed`);
}
