/** Loads an entity by id or throws NotFoundError with a message naming what was asked for. */
import { NotFoundError } from '@simlab/compute';
import type { Loader } from './loader.js';

export async function findOrThrow<V>(loader: Loader<V>, what: string, id: string): Promise<V> {
  const found = await loader.load(id);
  if (!found)
    throw new NotFoundError(`no ${what} with id ${JSON.stringify(id)}; list them with the ${what}s query`);
  return found;
}
