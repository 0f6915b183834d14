import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { JobFieldsFragment } from '../../lib/gql/graphql';
import { InversionState, jobRole } from './inversion-state';

const job = (subjectType: string, subjectId: string): JobFieldsFragment => ({
  id: 'j',
  kind: 'STUDY',
  status: 'RUNNING',
  progress: 0.3,
  message: 'inverted matrix: inversion of mlp-eps0',
  attempts: 1,
  worker: 'w',
  createdAt: '2025-01-01T00:00:00Z',
  startedAt: '2025-01-01T00:00:00Z',
  finishedAt: null,
  updatedAt: '2025-01-01T00:00:00Z',
  subjectType,
  subjectId,
  error: null,
});

const ready = { id: 'inv', status: 'READY' as const, progress: 1, batchesDone: 2, batchCount: 2 };
const noop = () => {};

describe('the inversion page', () => {
  it("tells its own job from a study's", () => {
    expect(jobRole({ ...ready, job: job('Inversion', 'inv') })).toBe('own');
    expect(jobRole({ ...ready, job: job('Study', 's1') })).toBe('other');
    expect(jobRole({ ...ready, job: null })).toBe('none');
  });

  it("shows a READY inversion of a running study as done, not the study's progress", () => {
    const html = renderToStaticMarkup(
      <InversionState
        inversion={{ ...ready, job: job('Study', 's1') }}
        onProgress={noop}
        onFinished={noop}
      />,
    );
    expect(html).toContain('aria-valuenow="100"');
    expect(html).toContain('ready · 2/2 batches');
    expect(html).not.toContain('30%');
    expect(html).not.toContain('inverted matrix');
  });
});
