/**
 * Server errors and the one mapping of every error to a stable GraphQL `extensions.code` (docs/errors.md).
 * Expected failures keep their message and code; anything else is logged with its cause and masked.
 */
import { SimLabError, type SimLabErrorCode } from '@simlab/compute';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from 'type-graphql';
import type { Logger } from './logger.js';

export type ServerErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_READY'
  | 'CONFLICT'
  | 'JOB_NOT_CANCELLABLE'
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_COMPLEX'
  | 'PAYLOAD_TOO_LARGE'
  | 'PATH_NOT_ALLOWED'
  | 'UNKNOWN_LAYER'
  | 'WORKER_CRASHED';

/** Codes GraphQL itself (Apollo, graphql-js) attaches; passed through unchanged. */
export const GRAPHQL_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
] as const;
export type GraphqlErrorCode = (typeof GRAPHQL_CODES)[number];

export type ErrorCode = SimLabErrorCode | ServerErrorCode | GraphqlErrorCode | 'INTERNAL_SERVER_ERROR';

export class ServerError extends Error {
  readonly code: ServerErrorCode;
  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** No valid token where one is needed, or a token that is unknown or revoked. */
export class UnauthenticatedError extends ServerError {
  constructor(message: string) {
    super('UNAUTHENTICATED', message);
  }
}

/** The token's role does not allow the operation (a viewer calling a mutation). */
export class ForbiddenError extends ServerError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

/** An input entity exists but is not usable yet (a model still training, a failed dataset). */
export class NotReadyError extends ServerError {
  constructor(message: string) {
    super('NOT_READY', message);
  }
}

/** A unique name is already taken. */
export class ConflictError extends ServerError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class JobNotCancellableError extends ServerError {
  constructor(message: string) {
    super('JOB_NOT_CANCELLABLE', message);
  }
}

export class PayloadTooLargeError extends ServerError {
  constructor(message: string) {
    super('PAYLOAD_TOO_LARGE', message);
  }
}

/**
 * A server path outside the import roots (SIMLAB_IMPORT_ROOTS), relative, or in a pseudo file system (/proc).
 * The message echoes only what the caller sent: it never says what exists on the server.
 */
export class PathNotAllowedError extends ServerError {
  constructor(message: string) {
    super('PATH_NOT_ALLOWED', message);
  }
}

/** A layer name the model does not have; the message lists the model's layers. */
export class UnknownLayerError extends ServerError {
  constructor(message: string) {
    super('UNKNOWN_LAYER', message);
  }
}

/** A compute child process exited while running a task; the job is retried. */
export class WorkerCrashedError extends ServerError {
  constructor(message: string) {
    super('WORKER_CRASHED', message);
  }
}

/** The stable code of any thrown value, or undefined when it is unexpected (a bug, a lost connection). */
export function errorCode(error: unknown): ErrorCode | undefined {
  if (error instanceof SimLabError || error instanceof ServerError) return error.code;
  // Errors crossing a process boundary arrive as plain objects that kept their code.
  if (isCodedErrorLike(error)) return error.code as ErrorCode;
  return undefined;
}

function isCodedErrorLike(error: unknown): error is { code: string; message: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  return (
    typeof code === 'string' && typeof name === 'string' && /^[A-Z_]+$/.test(code) && name.endsWith('Error')
  );
}

/**
 * Apollo's and graphql-ws's `formatError`: expected errors keep message and code; unexpected ones are logged
 * with their stack and answered with INTERNAL_SERVER_ERROR and a reference to the log line.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof ArgumentValidationError) {
      return {
        ...base,
        message: validationMessage(original),
        extensions: { code: 'INVALID_ARGUMENT', fields: fieldsOf(original) },
      };
    }
    if (original instanceof AuthenticationError) return { ...base, extensions: { code: 'UNAUTHENTICATED' } };
    if (original instanceof AuthorizationError) {
      return {
        ...base,
        message: 'your token role may not do this; mutations need a runner or admin token',
        extensions: { code: 'FORBIDDEN' },
      };
    }
    const code = errorCode(original);
    if (code) return { ...base, message: (original as Error).message, extensions: { code } };
    if (original instanceof GraphQLError) {
      // A GraphQL-level error (parse, validation, variable coercion): the request itself is wrong.
      const passThrough = formatted.extensions?.code;
      const known =
        typeof passThrough === 'string' && (GRAPHQL_CODES as readonly string[]).includes(passThrough);
      return { ...base, extensions: { code: known ? passThrough : 'GRAPHQL_VALIDATION_FAILED' } };
    }
    const ref = Math.random().toString(36).slice(2, 10);
    logger.error('unexpected error', { ref, path: formatted.path, error: describe(original) });
    return {
      ...base,
      message: `internal error (reference ${ref}); see the server log`,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

function validationMessage(error: ArgumentValidationError): string {
  return `invalid input: ${fieldsOf(error)
    .map((f) => `${f.path} ${f.problems.join(', ')} (got ${JSON.stringify(f.value)})`)
    .join('; ')}`;
}

interface FieldProblem {
  path: string;
  value: unknown;
  problems: string[];
}

function fieldsOf(error: ArgumentValidationError): FieldProblem[] {
  const out: FieldProblem[] = [];
  const walk = (errors: typeof error.extensions.validationErrors, prefix: string) => {
    for (const e of errors) {
      const path = prefix ? `${prefix}.${e.property}` : e.property;
      // class-validator messages begin with the property name; keep only the rule.
      const problems = Object.values(e.constraints ?? {}).map((m) =>
        m.replace(new RegExp(`^${e.property} `), ''),
      );
      if (problems.length > 0) out.push({ path, value: e.value, problems });
      if (e.children) walk(e.children, path);
    }
  };
  walk(error.extensions.validationErrors, '');
  return out;
}

/** Plain-object form of an error for logs and for crossing process boundaries. */
export function describe(error: unknown): { name: string; message: string; code?: string; stack?: string } {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, code: errorCode(error), stack: error.stack };
  }
  return { name: 'NonError', message: String(error) };
}
