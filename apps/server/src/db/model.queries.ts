/** Rows of `model`: checkpoints (zoo, imported, trained) with their files in the blob store. */
import type { Queryable } from './database.js';
import type { EntityStatus } from './dataset.queries.js';
import { createWhere, type Page, type PageArgs, selectPage } from './page.js';

/** File name -> blob sha256: model.json, its weight files and, when present, model-card.json; or model.onnx. */
export type CheckpointFiles = Record<string, string>;

/**
 * A model's own description, as compute gives it on loading (compute/tasks/verify-checkpoint.task.ts):
 * null for models stored before migration 007 (their card says as much).
 */
export interface ModelMetadata {
  format: 'tfjs-layers' | 'onnx';
  /** The model's own name (TF.js model name, ONNX graph name); absent on rows imported before it was kept. */
  name?: string;
  inputShape: number[];
  classes: number;
  parameterCount: number;
  representationLayer: string | null;
  representationSize: number | null;
  /** Names `layer` may take; `nodes`: ONNX node names, also accepted. */
  layers: string[];
  nodes?: string[];
  details?: Record<string, unknown>;
}

export interface ModelRow {
  id: string;
  name: string;
  architectureId: string;
  status: EntityStatus;
  origin: 'zoo' | 'imported' | 'trained';
  datasetId: string | null;
  norm: 'l2' | 'linf' | null;
  eps: number;
  cleanAccuracy: number | null;
  weightsHash: string | null;
  /** [height, width, channels] the model takes. */
  inputShape: number[] | null;
  classes: number | null;
  files: CheckpointFiles | null;
  card: Record<string, unknown> | null;
  metadata: ModelMetadata | null;
  requestKey: string | null;
  jobId: string | null;
  createdAt: Date;
}

const COLUMNS = `id, name, architecture_id AS "architectureId", status, origin, dataset_id AS "datasetId", norm, eps,
  clean_accuracy AS "cleanAccuracy", weights_hash AS "weightsHash", input_shape AS "inputShape", classes, files, card, metadata, request_key AS "requestKey",
  job_id AS "jobId", created_at AS "createdAt"`;

export type NewModel = Pick<
  ModelRow,
  | 'id'
  | 'name'
  | 'architectureId'
  | 'status'
  | 'origin'
  | 'datasetId'
  | 'norm'
  | 'eps'
  | 'requestKey'
  | 'jobId'
>;

/** Inserts unless the name or request key is taken (then returns undefined). */
export async function insertModel(db: Queryable, m: NewModel): Promise<ModelRow | undefined> {
  const [row] = await db.query<ModelRow>(
    `INSERT INTO model (id, name, architecture_id, status, origin, dataset_id, norm, eps, request_key, job_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [m.id, m.name, m.architectureId, m.status, m.origin, m.datasetId, m.norm, m.eps, m.requestKey, m.jobId],
  );
  return row;
}

export async function completeModel(
  db: Queryable,
  id: string,
  done: {
    weightsHash: string;
    files: CheckpointFiles;
    /** The checkpoint's model card; null for a TF.js model exported without one. */
    card: Record<string, unknown> | null;
    cleanAccuracy: number | null;
    norm: 'l2' | 'linf' | null;
    eps: number;
    inputShape: number[];
    classes: number;
    /** What compute read of the model; trained models leave it to their card. */
    metadata?: ModelMetadata | null;
  },
): Promise<ModelRow | undefined> {
  const [row] = await db.query<ModelRow>(
    `UPDATE model SET status = 'READY', weights_hash = $2, files = $3, card = $4, clean_accuracy = $5, norm = $6, eps = $7,
       input_shape = $8, classes = $9, metadata = $10 WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      done.weightsHash,
      JSON.stringify(done.files),
      done.card ? JSON.stringify(done.card) : null,
      done.cleanAccuracy,
      done.norm,
      done.eps,
      JSON.stringify(done.inputShape),
      done.classes,
      done.metadata ? JSON.stringify(done.metadata) : null,
    ],
  );
  return row;
}

export function getModels(db: Queryable, ids: string[]): Promise<ModelRow[]> {
  return db.query<ModelRow>(`SELECT ${COLUMNS} FROM model WHERE id = ANY($1)`, [ids]);
}

export async function getModelByName(db: Queryable, name: string): Promise<ModelRow | undefined> {
  const [row] = await db.query<ModelRow>(`SELECT ${COLUMNS} FROM model WHERE name = $1`, [name]);
  return row;
}

export async function getModelByRequestKey(db: Queryable, key: string): Promise<ModelRow | undefined> {
  const [row] = await db.query<ModelRow>(`SELECT ${COLUMNS} FROM model WHERE request_key = $1`, [key]);
  return row;
}

export interface ModelFilter {
  architecture?: string | null;
  epsMin?: number | null;
  epsMax?: number | null;
  norm?: string | null;
  status?: EntityStatus | null;
  origin?: string | null;
}

export function listModels(db: Queryable, filter: ModelFilter, page: PageArgs): Promise<Page<ModelRow>> {
  const w = createWhere();
  w.add('architecture_id = ?', filter.architecture);
  w.add('eps >= ?', filter.epsMin);
  w.add('eps <= ?', filter.epsMax);
  w.add('norm = ?', filter.norm);
  w.add('status = ?', filter.status);
  w.add('origin = ?', filter.origin);
  return selectPage<ModelRow>(db, { table: 'model', columns: COLUMNS, ...w }, page);
}
