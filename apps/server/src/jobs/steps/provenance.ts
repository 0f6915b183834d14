/** Builds the provenance record a job stores with its result (SPEC §7). */

import type { ComputeEnvironment } from '../../compute/tasks/task-inputs.js';
import type { ProvenanceRecord } from '../../db/provenance.mapper.js';

export function provenanceRecord(
  environment: ComputeEnvironment,
  fields: Omit<ProvenanceRecord, 'codeVersion' | 'backend' | 'machine' | 'computedAt'>,
): Record<string, unknown> {
  const record: ProvenanceRecord = {
    ...fields,
    codeVersion: environment.codeVersion,
    backend: environment.backend,
    machine: environment.machine,
    computedAt: new Date().toISOString(),
  };
  return record as unknown as Record<string, unknown>;
}
