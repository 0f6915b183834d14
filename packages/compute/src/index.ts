/** @simlab/compute public API: everything importable from outside the package is named here. */
export * from './errors.js';
export { initBackend, currentBackend, machineInfo } from './backend.js';
export type { BackendInfo, BackendName, MachineInfo } from './backend.js';
