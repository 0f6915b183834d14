/** Initialises TF.js in the child and reports which backend and machine it runs on (logged at worker start). */
import { type BackendInfo, initBackend, type MachineInfo, machineInfo } from '@simlab/compute';

export interface BackendInfoResult {
  backend: BackendInfo;
  machine: MachineInfo;
  pid: number;
}

export async function backendInfoTask(): Promise<BackendInfoResult> {
  return { backend: await initBackend(), machine: machineInfo(), pid: process.pid };
}
