import type { Architecture } from '../schema/architecture.type.js';
import type { ArchitectureOrigin } from '../schema/enums.js';
import type { ArchitectureRow } from './architecture.queries.js';

export function toArchitecture(row: ArchitectureRow): Architecture {
  return {
    id: row.id,
    family: row.family,
    description: row.description,
    origin: row.origin as ArchitectureOrigin,
    representationSize: row.representationSize,
  };
}
