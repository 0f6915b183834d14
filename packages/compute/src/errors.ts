/**
 * Typed errors thrown by @simlab/compute. Every message quotes the offending values and says what to do,
 * so a CLI user or a GraphQL client can fix the input without reading code. The server maps `code` to
 * GraphQL `extensions.code` in one place (apps/server/src/errors.ts); compute knows nothing of GraphQL.
 */
export type SimLabErrorCode =
  | 'INVALID_ARGUMENT'
  | 'SHAPE_MISMATCH'
  | 'DATA_FORMAT'
  | 'NON_FINITE'
  | 'DEGENERATE_INPUT'
  | 'SAME_LABEL_PAIR'
  | 'CANCELLED'
  | 'BACKEND_UNAVAILABLE'
  | 'NOT_FOUND'
  | 'CHECKPOINT_INVALID'
  | 'UNSUPPORTED_MODEL';

export class SimLabError extends Error {
  readonly code: SimLabErrorCode;
  constructor(code: SimLabErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A parameter is out of range or of the wrong kind (negative iterations, unknown metric, ...). */
export class InvalidArgumentError extends SimLabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_ARGUMENT', message, options);
  }
}

/** Two inputs that must agree in shape do not (different n, wrong image size, ...). */
export class ShapeMismatchError extends SimLabError {
  constructor(message: string) {
    super('SHAPE_MISMATCH', message);
  }
}

/** A file is not what it claims to be: bad magic number, truncated, inconsistent counts. */
export class DataFormatError extends SimLabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DATA_FORMAT', message, options);
  }
}

/** Activations or images hold NaN or Infinity. */
export class NonFiniteError extends SimLabError {
  constructor(message: string) {
    super('NON_FINITE', message);
  }
}

/** The input is well-formed but carries no information for the metric (constant columns, n < 4). */
export class DegenerateInputError extends SimLabError {
  constructor(message: string) {
    super('DEGENERATE_INPUT', message);
  }
}

/** A seed and its target share a label; SPEC §4 requires different labels. */
export class SameLabelPairError extends SimLabError {
  constructor(message: string) {
    super('SAME_LABEL_PAIR', message);
  }
}

/** Work was stopped through its AbortSignal. */
export class CancelledError extends SimLabError {
  constructor(message = 'cancelled by the caller') {
    super('CANCELLED', message);
  }
}

/** A requested TF.js backend is not installed or failed to initialise. */
export class BackendUnavailableError extends SimLabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BACKEND_UNAVAILABLE', message, options);
  }
}

/** A named thing (dataset, layer, file) does not exist. */
export class NotFoundError extends SimLabError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** A saved model is corrupt, or does not match its recorded hash or architecture. */
export class CheckpointInvalidError extends SimLabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CHECKPOINT_INVALID', message, options);
  }
}

/**
 * A model file is valid but uses something SimLab cannot run: an ONNX operator or attribute value outside the
 * supported set, or an input that is not an image batch. The message names the operator and node and says what to
 * do (re-export with another opset, replace the op, or open an issue).
 */
export class UnsupportedModelError extends SimLabError {
  constructor(message: string) {
    super('UNSUPPORTED_MODEL', message);
  }
}

/** Throws CancelledError when the signal has fired; call once per iteration of long loops. */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'operation'): void {
  if (signal?.aborted) {
    const reason = signal.reason instanceof Error ? `: ${signal.reason.message}` : '';
    throw new CancelledError(`${what} cancelled${reason}`);
  }
}
