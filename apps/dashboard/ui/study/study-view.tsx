'use client';
/** A study: its job, the metric and layer selectors, and the live natural/inverted heatmaps. */
import Link from 'next/link';
import { Suspense, useCallback, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { StudyQuery } from '../../lib/queries';
import { LiveJob } from '../jobs/live-job';
import { throwIfFailed } from '../shell/use-data';
import { AgreementPanels } from './agreement-panels';
import { BelowHeatmaps, HeadlinesSection } from './report-sections';
import { useAxes } from './study-axes';
import { StudyMatrices } from './study-matrices';

export function StudyView({ id }: { id: string }) {
  const [result, reexecute] = useQuery({ query: StudyQuery, variables: { id } });
  throwIfFailed(result);
  const { data } = result;
  const study = data?.study;
  const [revision, setRevision] = useState(0);
  const onFinished = useCallback(() => {
    reexecute({ requestPolicy: 'network-only' });
    setRevision((r) => r + 1);
  }, [reexecute]);
  // Stable references, so the heatmaps re-render only when their values change.
  const models = useMemo(
    () =>
      (study?.models ?? []).map((m) => ({
        id: m.id,
        name: m.name,
        eps: m.eps,
        norm: m.norm,
        architectureId: m.architecture.id,
      })),
    [study?.models],
  );
  const architectureOrder = useMemo(
    () => (data?.architectures ?? []).map((a) => a.id),
    [data?.architectures],
  );
  const axes = useAxes(models, architectureOrder);
  if (!study) return <p className="empty">No study with id “{id}”.</p>;

  const ready = study.status === 'READY';
  const pairs = (study.spec.params as { pairs?: number } | undefined)?.pairs ?? null;

  const own = [study.naturalMatrix?.id, study.invertedMatrix?.id].filter((x): x is string => !!x);
  return (
    <article className="study" data-testid="study-view" data-study-id={study.id}>
      <header className="page-header">
        <h1>{study.name}</h1>
        <p className="muted">
          {study.models.length} models · dataset {study.dataset.name} ·{' '}
          <span className={`badge badge-${study.status.toLowerCase()}`}>{study.status.toLowerCase()}</span>
        </p>
        <nav className="tabs" aria-label="Study views">
          <Link href={`/studies/${study.id}`} aria-current="page">
            Heatmaps
          </Link>
          <Link href={`/studies/${study.id}/trend`}>Robustness trend</Link>
        </nav>
      </header>
      {study.job && <LiveJob job={study.job} label="Study progress" onFinished={onFinished} />}
      <Suspense fallback={null}>
        <HeadlinesSection studyId={study.id} ready={ready} n={pairs} />
      </Suspense>
      <StudyMatrices
        datasetId={study.dataset.id}
        modelIds={study.models.map((m) => m.id)}
        own={own}
        fallback={{
          natural: study.naturalMatrix?.id ?? null,
          inverted: study.invertedMatrix?.id ?? null,
          metric: study.naturalMatrix?.metric ?? study.invertedMatrix?.metric ?? 'LINEAR',
        }}
        models={models}
        architectureOrder={architectureOrder}
        studyJobId={study.job?.id ?? null}
        running={study.status === 'PENDING' || study.status === 'RUNNING'}
        revision={revision}
        beside={(shared) => (
          <Suspense fallback={null}>
            <AgreementPanels studyId={study.id} ready={ready} {...shared} />
          </Suspense>
        )}
      />
      <Suspense fallback={null}>
        <BelowHeatmaps studyId={study.id} ready={ready} axes={axes} />
      </Suspense>
    </article>
  );
}
