'use client';
/** A study: its job, the metric and layer selectors, and the live natural/inverted heatmaps. */
import Link from 'next/link';
import { useCallback, useState } from 'react';
import { useQuery } from 'urql';
import { DatasetMatricesQuery, StudyQuery } from '../../lib/queries';
import { LiveJob } from '../jobs/live-job';
import { throwIfFailed } from '../shell/use-data';
import { useUrlParams } from '../shell/use-url-state';
import { LiveHeatmaps } from './live-heatmaps';
import { matrixOptions, pickOption } from './matrix-options';
import { METRIC_LABELS, MetricLayerSelect } from './metric-layer-select';

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
  if (!study) return <p className="empty">No study with id “{id}”.</p>;

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
      <StudyMatrices
        datasetId={study.dataset.id}
        modelIds={study.models.map((m) => m.id)}
        own={own}
        fallback={{
          natural: study.naturalMatrix?.id ?? null,
          inverted: study.invertedMatrix?.id ?? null,
          metric: study.naturalMatrix?.metric ?? study.invertedMatrix?.metric ?? 'LINEAR',
        }}
        models={study.models.map((m) => ({
          id: m.id,
          name: m.name,
          eps: m.eps,
          norm: m.norm,
          architectureId: m.architecture.id,
        }))}
        architectureOrder={data.architectures.map((a) => a.id)}
        revision={revision}
      />
    </article>
  );
}

interface StudyMatricesProps {
  datasetId: string;
  modelIds: string[];
  own: string[];
  fallback: { natural: string | null; inverted: string | null; metric: string };
  models: Parameters<typeof LiveHeatmaps>[0]['models'];
  architectureOrder: string[];
  revision: number;
}

function StudyMatrices(props: StudyMatricesProps) {
  const [result] = useQuery({ query: DatasetMatricesQuery, variables: { datasetId: props.datasetId } });
  throwIfFailed(result);
  const { data } = result;
  const [params, setParams] = useUrlParams();
  const options = matrixOptions(
    (data?.matrices.edges ?? []).map((e) => e.node),
    props.modelIds,
    props.own,
  );
  const selected = pickOption(
    options,
    { metric: params.get('metric'), layer: params.get('layer') },
    props.own,
  );
  const naturalId = selected?.natural ?? (selected ? null : props.fallback.natural);
  const invertedId = selected?.inverted ?? (selected ? null : props.fallback.inverted);
  const metric = selected?.metric ?? props.fallback.metric;
  return (
    <>
      {selected && options.length > 0 && (
        <MetricLayerSelect
          options={options}
          selected={selected}
          onChange={(c) => setParams({ ...c, cell: null })}
        />
      )}
      <LiveHeatmaps
        key={`${naturalId}:${invertedId}`}
        naturalId={naturalId}
        invertedId={invertedId}
        models={props.models}
        architectureOrder={props.architectureOrder}
        metricLabel={METRIC_LABELS[metric] ?? metric}
        revision={props.revision}
      />
    </>
  );
}
