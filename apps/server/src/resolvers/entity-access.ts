/**
 * How resolvers reach a stored entity by id (a by-id query, or a field that points at another entity): through
 * the request's batching loader, with the cache hint that says whether the row can still change (cache-hint.ts),
 * mapped to its GraphQL type. Each entity's loader, finality rule and mapper are named once, in `entities`.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { toArchitecture } from '../db/architecture.mapper.js';
import { toDataset } from '../db/dataset.mapper.js';
import { findOrThrow } from '../db/find-or-throw.js';
import { toInversion } from '../db/inversion.mapper.js';
import { toJob } from '../db/job.mapper.js';
import type { Loader } from '../db/loader.js';
import { isFinal, type Loaders } from '../db/loaders.js';
import { toModel } from '../db/model.mapper.js';
import { toSimilarityMatrix } from '../db/similarity-matrix.mapper.js';
import { toSimilarityResult } from '../db/similarity-result.mapper.js';
import { toStudy } from '../db/study.mapper.js';
import { hintFinal } from './cache-hint.js';

export interface EntityAccess<R, T> {
  /** What a NotFoundError names ("no model with id ..."). */
  what: string;
  loader: (loaders: Loaders) => Loader<R>;
  /** True when the row can never change again (loaders.ts `isFinal`). */
  final: (row: R) => boolean;
  map: (row: R) => T;
}

function access<R, T>(
  what: string,
  loader: (loaders: Loaders) => Loader<R>,
  final: (row: R) => boolean,
  map: (row: R) => T,
): EntityAccess<R, T> {
  return { what, loader, final, map };
}

export const entities = {
  architecture: access('architecture', (l) => l.architecture, isFinal.architecture, toArchitecture),
  dataset: access('dataset', (l) => l.dataset, isFinal.dataset, toDataset),
  model: access('model', (l) => l.model, isFinal.ready, toModel),
  inversion: access('inversion', (l) => l.inversion, isFinal.ready, toInversion),
  result: access('similarity result', (l) => l.result, isFinal.ready, toSimilarityResult),
  matrix: access('matrix', (l) => l.matrix, isFinal.ready, toSimilarityMatrix),
  study: access('study', (l) => l.study, isFinal.ready, toStudy),
  job: access('job', (l) => l.job, isFinal.job, toJob),
};

/** The entity a non-null field points to. Throws NotFoundError when its row is gone. */
export async function loadEntity<R, T>(
  entity: EntityAccess<R, T>,
  ctx: Context,
  info: GraphQLResolveInfo,
  id: string,
): Promise<T> {
  const row = await findOrThrow(entity.loader(ctx.loaders), entity.what, id);
  hintFinal(info, entity.final(row));
  return entity.map(row);
}

/** The entities of a list of ids, in order: final only when every one is. Throws NotFoundError for a gone row. */
export async function loadEntities<R, T>(
  entity: EntityAccess<R, T>,
  ctx: Context,
  info: GraphQLResolveInfo,
  ids: readonly string[],
): Promise<T[]> {
  const loader = entity.loader(ctx.loaders);
  const rows = await Promise.all(ids.map((id) => findOrThrow(loader, entity.what, id)));
  hintFinal(
    info,
    rows.every((row) => entity.final(row)),
  );
  return rows.map((row) => entity.map(row));
}

export interface LoadEntityOrNullOptions {
  /**
   * Whether a null id is final: true where the reference is set when the entity is stored or never (a model's
   * training dataset), false where a job may fill it in later (a study's matrices). Default false: a wrong false
   * costs speed, a wrong true a stale answer.
   */
  nullIsFinal?: boolean;
}

/** The entity a nullable reference or a by-id query names, or null when there is none. */
export async function loadEntityOrNull<R, T>(
  entity: EntityAccess<R, T>,
  ctx: Context,
  info: GraphQLResolveInfo,
  id: string | null,
  options: LoadEntityOrNullOptions = {},
): Promise<T | null> {
  const row = id ? await entity.loader(ctx.loaders).load(id) : undefined;
  hintFinal(info, row ? entity.final(row) : id === null && options.nullIsFinal === true);
  return row ? entity.map(row) : null;
}
