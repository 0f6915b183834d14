'use client';
/** The start form wired to the server: ready models and datasets, startStudy, then the new study's page. */
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { Metric } from '../../lib/gql/graphql';
import { StartStudyMutation, StudyChoicesQuery } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { canRun, useRole } from '../shell/use-role';
import { METRIC_LABELS } from '../study/metric-layer-select';
import { studyInput } from './presets';
import { StartStudyForm } from './start-study-form';

const METRICS = Object.entries(METRIC_LABELS).map(([value, label]) => ({ value, label }));

export function StartStudy() {
  const [result] = useQuery({ query: StudyChoicesQuery });
  throwIfFailed(result);
  const { data } = result;
  const { role } = useRole();
  const [{ fetching }, startStudy] = useMutation(StartStudyMutation);
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();

  if (!canRun(role)) {
    return (
      <p className="empty" role="alert">
        Starting a study needs a runner token; this browser speaks as a {role.toLowerCase()}. Enter one with
        “Enter token” above.
      </p>
    );
  }
  return (
    <StartStudyForm
      models={(data?.models.edges ?? []).map(({ node: m }) => ({ ...m, architectureId: m.architecture.id }))}
      datasets={(data?.datasets.edges ?? []).map(({ node }) => node)}
      metrics={METRICS}
      submitting={fetching}
      error={error}
      onSubmit={async (request) => {
        const input = studyInput(request);
        const result = await startStudy({ input: { ...input, metric: input.metric as Metric } });
        if (result.error || !result.data) {
          setError(result.error?.message ?? 'The server gave no answer.');
          return;
        }
        router.push(`/studies/${result.data.startStudy.study.id}`);
      }}
    />
  );
}
