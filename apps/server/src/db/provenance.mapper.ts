import type { Provenance } from '../schema/provenance.type.js';

/** The provenance record as jobs store it (jsonb), keys named as in the GraphQL type. */
export interface ProvenanceRecord {
  requestKey: string;
  codeVersion?: string | null;
  backend?: string | null;
  seed?: number | null;
  weightsHashes?: string[];
  datasetHash?: string | null;
  indicesHash?: string | null;
  parameters?: Record<string, unknown>;
  machine?: Record<string, unknown> | null;
  timings?: Record<string, unknown> | null;
  computedAt?: string | null;
}

export function toProvenance(record: Record<string, unknown> | null): Provenance | null {
  if (!record) return null;
  const p = record as unknown as ProvenanceRecord;
  return {
    requestKey: p.requestKey,
    codeVersion: p.codeVersion ?? null,
    backend: p.backend ?? null,
    seed: p.seed ?? null,
    weightsHashes: p.weightsHashes ?? [],
    datasetHash: p.datasetHash ?? null,
    indicesHash: p.indicesHash ?? null,
    parameters: p.parameters ?? {},
    machine: p.machine ?? null,
    timings: p.timings ?? null,
    computedAt: p.computedAt ? new Date(p.computedAt) : null,
  };
}
