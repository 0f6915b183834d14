/**
 * Architectures: compute's zoo registry (origin 'zoo', synced at start-up) and the ones users name when they
 * import a model of their own (origin 'imported', created by importModel), so models can reference them and
 * trends group by them.
 */
import type { Queryable } from './database.js';

export type ArchitectureOrigin = 'zoo' | 'imported';

export interface ArchitectureRow {
  id: string;
  family: string;
  description: string;
  /** Null for an imported architecture until its first model is verified. */
  representationSize: number | null;
  origin: ArchitectureOrigin;
}

const COLUMNS = 'id, family, description, representation_size AS "representationSize", origin';

/** A zoo architecture from compute's registry; a user's architecture of the same id is left alone. */
export async function upsertArchitecture(
  db: Queryable,
  a: Omit<ArchitectureRow, 'origin' | 'representationSize'> & { representationSize: number },
): Promise<void> {
  await db.query(
    `INSERT INTO architecture (id, family, description, representation_size, origin) VALUES ($1, $2, $3, $4, 'zoo')
     ON CONFLICT (id) DO UPDATE SET family = $2, description = $3, representation_size = $4
     WHERE architecture.origin = 'zoo'`,
    [a.id, a.family, a.description, a.representationSize],
  );
}

/** Inserts a user-named architecture unless the id is taken; returns the stored row either way. */
export async function insertOrGetImportedArchitecture(
  db: Queryable,
  a: Pick<ArchitectureRow, 'id' | 'family' | 'description'>,
): Promise<ArchitectureRow> {
  await db.query(
    `INSERT INTO architecture (id, family, description, representation_size, origin)
     VALUES ($1, $2, $3, NULL, 'imported') ON CONFLICT (id) DO NOTHING`,
    [a.id, a.family, a.description],
  );
  const [row] = await getArchitectures(db, [a.id]);
  return row!;
}

/**
 * Records an imported architecture's representation size from its first verified model; returns the size
 * stored (an earlier model's, when one was verified first).
 */
export async function settleRepresentationSize(
  db: Queryable,
  id: string,
  size: number,
): Promise<number | null> {
  await db.query(
    'UPDATE architecture SET representation_size = $2 WHERE id = $1 AND representation_size IS NULL',
    [id, size],
  );
  const [row] = await getArchitectures(db, [id]);
  return row?.representationSize ?? null;
}

export function listArchitectures(db: Queryable): Promise<ArchitectureRow[]> {
  return db.query<ArchitectureRow>(`SELECT ${COLUMNS} FROM architecture ORDER BY origin DESC, id`);
}

export function getArchitectures(db: Queryable, ids: string[]): Promise<ArchitectureRow[]> {
  return db.query<ArchitectureRow>(`SELECT ${COLUMNS} FROM architecture WHERE id = ANY($1)`, [ids]);
}
