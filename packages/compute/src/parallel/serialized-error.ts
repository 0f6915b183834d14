/** Errors across a thread boundary: a SimLab error arrives as the same class, so callers can still tell them apart. */
import * as errors from '../errors.js';
import type { SerializedError } from './pool-protocol.js';

export function serializeError(caught: unknown): SerializedError {
  const error = caught instanceof Error ? caught : new Error(String(caught));
  const code = error instanceof errors.SimLabError ? error.code : undefined;
  // An unexpected error keeps its stack: it is logged by whoever catches it, and the worker's stack is the clue.
  return { name: error.name, code, message: error.stack && !code ? error.stack : error.message };
}

/** The worker's error as the same SimLab error class (a CancelledError stays a CancelledError). */
export function rebuildError({ name, code, message }: SerializedError): Error {
  const Class = (errors as Record<string, unknown>)[name];
  if (code && typeof Class === 'function' && Class.prototype instanceof errors.SimLabError) {
    return new (Class as new (message: string) => Error)(message);
  }
  const error = new Error(message);
  error.name = name;
  return error;
}
