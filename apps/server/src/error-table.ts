/**
 * The one error table: every code a client can see (GraphQL `extensions.code` is the code itself), the HTTP
 * status the plain routes answer it with (http/respond.ts), and whether a job that failed with it is retried
 * (queue/worker.ts). docs/errors.md says what causes each and what to do. A new code does not compile until
 * it has a row here.
 */
import type { ErrorCode } from './errors.js';

export interface ErrorPolicy {
  /** Status of a REST answer carrying this code. */
  http: number;
  /** A job failing with it is retried (with backoff, up to SIMLAB_JOB_RETRIES); else it fails at once. */
  retryable: boolean;
}

const input = { http: 400, retryable: false } as const;

export const ERROR_TABLE: Readonly<Record<ErrorCode, ErrorPolicy>> = {
  // compute's codes: the input is wrong, retrying cannot help
  INVALID_ARGUMENT: input,
  SHAPE_MISMATCH: input,
  DATA_FORMAT: input,
  NON_FINITE: input,
  DEGENERATE_INPUT: input,
  SAME_LABEL_PAIR: input,
  CHECKPOINT_INVALID: input,
  UNSUPPORTED_MODEL: input,
  NOT_FOUND: { http: 404, retryable: false },
  CANCELLED: { http: 409, retryable: false },
  // the machine, not the request: another attempt (on another worker) may succeed
  BACKEND_UNAVAILABLE: { http: 503, retryable: true },
  WORKER_CRASHED: { http: 503, retryable: true },
  // the server's codes
  UNAUTHENTICATED: { http: 401, retryable: false },
  FORBIDDEN: { http: 403, retryable: false },
  PATH_NOT_ALLOWED: { http: 403, retryable: false },
  NOT_READY: { http: 409, retryable: false },
  CONFLICT: { http: 409, retryable: false },
  JOB_NOT_CANCELLABLE: { http: 409, retryable: false },
  PAYLOAD_TOO_LARGE: { http: 413, retryable: false },
  QUERY_TOO_DEEP: input,
  QUERY_TOO_COMPLEX: input,
  UNKNOWN_LAYER: input,
  // GraphQL's own: the request document or its variables are wrong
  GRAPHQL_PARSE_FAILED: input,
  GRAPHQL_VALIDATION_FAILED: input,
  BAD_USER_INPUT: input,
  BAD_REQUEST: input,
  OPERATION_RESOLUTION_FAILURE: input,
  PERSISTED_QUERY_NOT_FOUND: input,
  PERSISTED_QUERY_NOT_SUPPORTED: input,
  // anything unexpected (a bug, a lost connection): logged, masked, and the job tried again
  INTERNAL_SERVER_ERROR: { http: 500, retryable: true },
};

/** The policy of a thrown value's code; an error without one (unexpected) is INTERNAL_SERVER_ERROR. */
export function errorPolicy(code: ErrorCode | undefined): ErrorPolicy {
  return ERROR_TABLE[code ?? 'INTERNAL_SERVER_ERROR'];
}
