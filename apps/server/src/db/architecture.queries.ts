/** Architectures mirror compute's registry; synced at start-up so models can reference them. */
import type { Queryable } from './database.js';

export interface ArchitectureRow {
  id: string;
  family: string;
  description: string;
  representationSize: number;
}

const COLUMNS = 'id, family, description, representation_size AS "representationSize"';

export async function upsertArchitecture(db: Queryable, a: ArchitectureRow): Promise<void> {
  await db.query(
    `INSERT INTO architecture (id, family, description, representation_size) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET family = $2, description = $3, representation_size = $4`,
    [a.id, a.family, a.description, a.representationSize],
  );
}

export function listArchitectures(db: Queryable): Promise<ArchitectureRow[]> {
  return db.query<ArchitectureRow>(`SELECT ${COLUMNS} FROM architecture ORDER BY id`);
}

export function getArchitectures(db: Queryable, ids: string[]): Promise<ArchitectureRow[]> {
  return db.query<ArchitectureRow>(`SELECT ${COLUMNS} FROM architecture WHERE id = ANY($1)`, [ids]);
}
