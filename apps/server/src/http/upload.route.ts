/**
 * POST /uploads?filename=<name>: the raw request body becomes a blob; answers `{ id, sha256, size, filename }`.
 * Mutations (registerDataset, importModel) then refer to uploads by id. Runner role; size-limited.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidArgumentError } from '@simlab/compute';
import { hasRole, type Principal } from '../auth/roles.js';
import { insertUpload } from '../db/upload.queries.js';
import { ForbiddenError, PayloadTooLargeError } from '../errors.js';
import type { Services } from '../services.js';
import { sendJson } from './respond.js';

const FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  principal: Principal,
): Promise<void> {
  if (!hasRole(principal, 'runner'))
    throw new ForbiddenError(`a ${principal.role} token may not upload; use a runner token`);
  const filename = new URL(req.url ?? '/', 'http://x').searchParams.get('filename') ?? '';
  if (!FILENAME.test(filename)) {
    throw new InvalidArgumentError(
      `filename ${JSON.stringify(filename)} must be 1-128 letters, digits, '.', '_' or '-' (e.g. ?filename=images.npy)`,
    );
  }
  const max = services.config.limits.maxUploadBytes;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max)
    throw new PayloadTooLargeError(`upload of ${declared} bytes exceeds the limit of ${max} bytes`);
  const blob = await services.blobs.putStream(req, max);
  const row = await insertUpload(services.db, {
    id: randomUUID(),
    ...blob,
    filename,
    tokenId: principal.tokenId,
  });
  sendJson(res, 201, row);
}
