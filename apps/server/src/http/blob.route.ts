/** GET /blobs/<sha256>[.npy|.png|.json]: a stored file (inversion images, previews, checkpoint files). */
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { NotFoundError } from '@simlab/compute';
import type { BlobStore } from '../db/blob-store.js';

const TYPES: Record<string, string> = {
  npy: 'application/octet-stream',
  png: 'image/png',
  json: 'application/json',
  bin: 'application/octet-stream',
};

export async function handleBlob(path: string, res: ServerResponse, blobs: BlobStore): Promise<void> {
  const match = /^\/blobs\/([0-9a-f]{64})(?:\.(npy|png|json|bin))?$/.exec(path);
  if (!match) throw new NotFoundError(`no blob at ${path}`);
  const file = await blobs.localPath(match[1]!).catch(() => {
    throw new NotFoundError(`no blob at ${path}`);
  });
  res.writeHead(200, {
    'content-type': TYPES[match[2] ?? 'bin'],
    // Content-addressed: the bytes behind a name never change.
    'cache-control': 'public, max-age=31536000, immutable',
  });
  createReadStream(file).pipe(res);
}
