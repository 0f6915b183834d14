/** Reads a request body up to a byte limit (PayloadTooLargeError past it) and parses JSON bodies. */
import type { IncomingMessage } from 'node:http';
import { InvalidArgumentError } from '@simlab/compute';
import { PayloadTooLargeError } from '../errors.js';

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes)
    throw new PayloadTooLargeError(`request body of ${declared} bytes exceeds the limit of ${maxBytes}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes)
      throw new PayloadTooLargeError(`request body exceeds the limit of ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A JSON request body as text ('' for none) parsed; InvalidArgumentError when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`the request body is not valid JSON (${(error as Error).message})`);
  }
}
