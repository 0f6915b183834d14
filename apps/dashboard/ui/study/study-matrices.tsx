'use client';
/**
 * Which matrices a study shows: from the matrices over its dataset and exactly its models, the pair for the URL's
 * metric and layer, preferring the study's own (stored on the study, or being computed by the study's job).
 */
import { useEffect } from 'react';
import { useQuery, useSubscription } from 'urql';
import { DatasetMatricesQuery, MatrixActivitySubscription } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { useUrlParams } from '../shell/use-url-state';
import { LiveHeatmaps, type LiveHeatmapsProps } from './live-heatmaps';
import { matrixOptions, pickOption } from './matrix-options';
import { METRIC_LABELS, MetricLayerSelect } from './metric-layer-select';

export interface StudyMatricesProps {
  datasetId: string;
  modelIds: string[];
  /** Ids of the study's stored matrices. */
  own: string[];
  fallback: { natural: string | null; inverted: string | null; metric: string };
  models: LiveHeatmapsProps['models'];
  architectureOrder: string[];
  /** The study's job: the matrices it is computing count as the study's own before the study records them. */
  studyJobId: string | null;
  /** While the study runs, matrices it creates are looked up as soon as their first cell is stored. */
  running: boolean;
  /** Bumped when the study finishes (final snapshot of the cells). */
  revision: number;
  /** Panels beside the heatmaps on the same axes (the study's prediction agreement). */
  beside?: LiveHeatmapsProps['beside'];
}

/**
 * The newest matrix receiving cells that `known` lacks, or null. The study records a matrix's id only when the
 * matrix is complete, so a running study's page finds its matrices by their first stored cell.
 */
function useUnknownActiveMatrix(known: ReadonlySet<string>, running: boolean): string | null {
  const [{ data }] = useSubscription(
    { query: MatrixActivitySubscription, variables: {}, pause: !running },
    (seen: string[] = [], event) => {
      const id = event.resultAdded.matrixId;
      return id && !seen.includes(id) ? [...seen, id] : seen;
    },
  );
  return data?.filter((id) => !known.has(id)).at(-1) ?? null;
}

export function StudyMatrices(props: StudyMatricesProps) {
  const [result, reexecute] = useQuery({
    query: DatasetMatricesQuery,
    variables: { datasetId: props.datasetId },
  });
  throwIfFailed(result);
  const matrices = (result.data?.matrices.edges ?? []).map((e) => e.node);
  const unknown = useUnknownActiveMatrix(new Set(matrices.map((m) => m.id)), props.running);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch when the parent bumps the revision or a new matrix shows up
  useEffect(() => {
    if (props.revision > 0 || unknown !== null) reexecute({ requestPolicy: 'network-only' });
  }, [props.revision, unknown]);
  const [params, setParams] = useUrlParams();

  const own = [
    ...props.own,
    ...matrices.filter((m) => props.studyJobId !== null && m.job?.id === props.studyJobId).map((m) => m.id),
  ];
  const options = matrixOptions(matrices, props.modelIds, own);
  const selected = pickOption(options, { metric: params.get('metric'), layer: params.get('layer') }, own);
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
        naturalId={naturalId}
        invertedId={invertedId}
        models={props.models}
        architectureOrder={props.architectureOrder}
        metricLabel={METRIC_LABELS[metric] ?? metric}
        revision={props.revision}
        beside={props.beside}
      />
    </>
  );
}
