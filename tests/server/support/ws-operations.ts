/** One-shot GraphQL operations over graphql-ws, and the close code of a refused connection. */
import type { Client } from 'graphql-ws';

export interface OperationResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Runs a query or mutation over the socket and resolves with its single result. Errors the server raises before
 * executing (validation) arrive as an error message; they resolve as `errors` too, so callers check one shape.
 */
export function wsExecute<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<OperationResult<T>> {
  return new Promise((resolve, reject) => {
    let result: OperationResult<T> | undefined;
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          result = value as OperationResult<T>;
        },
        error: (error) =>
          Array.isArray(error) ? resolve({ errors: error as OperationResult['errors'] }) : reject(error),
        complete: () =>
          result ? resolve(result) : reject(new Error(`no result for ${query.slice(0, 60)} before complete`)),
      },
    );
  });
}

/** Resolves with the close code once the server closes the connection (e.g. 4401 for a refused token). */
export function closeCode(client: Client): Promise<number> {
  return new Promise((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
}
