import { DataFormatError, SameLabelPairError } from '@simlab/compute';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createErrorFormatter, NotReadyError } from './errors.js';
import { createLogger } from './logger.js';

function formatterWithLog() {
  const lines: string[] = [];
  return {
    format: createErrorFormatter(
      createLogger('info', (line) => {
        lines.push(line);
      }),
    ),
    lines,
  };
}

const located = (original: Error) =>
  new GraphQLError(original.message, { originalError: original, path: ['x'] });

describe('the GraphQL error mapping', () => {
  it('keeps the message and code of a compute error', () => {
    const { format, lines } = formatterWithLog();
    const error = new SameLabelPairError('seed and target share label 3 at pair 17');
    expect(format({ message: error.message }, located(error))).toMatchObject({
      message: 'seed and target share label 3 at pair 17',
      extensions: { code: 'SAME_LABEL_PAIR' },
    });
    expect(format({ message: 'x' }, located(new DataFormatError('bad magic'))).extensions?.code).toBe(
      'DATA_FORMAT',
    );
    expect(lines).toEqual([]);
  });

  it('keeps the code of a server error', () => {
    const { format } = formatterWithLog();
    expect(format({ message: 'x' }, located(new NotReadyError('still training'))).extensions?.code).toBe(
      'NOT_READY',
    );
  });

  it('masks an unexpected error, logging it with a reference the answer quotes', () => {
    const { format, lines } = formatterWithLog();
    const answer = format(
      { message: 'connection to 10.0.0.5 refused' },
      located(new Error('connection to 10.0.0.5 refused')),
    );
    expect(answer.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(answer.message).not.toContain('10.0.0.5');
    const ref = /reference (\w+)/.exec(answer.message)?.[1];
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      ref,
      error: { message: 'connection to 10.0.0.5 refused' },
    });
  });
});
