'use client';
/** A study's robustness trend: natural and inverted lines per architecture, row or column mean (URL: ?mean=). */
import Link from 'next/link';
import { useQuery } from 'urql';
import type { StudyTrendQuery as StudyTrendData } from '../../lib/gql/graphql';
import { StudyTrendQuery } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { useUrlParams } from '../shell/use-url-state';
import { TrendChart } from './trend-chart';
import {
  buildTrendSeries,
  summarizeTrend,
  type TrendMean,
  type TrendSeries,
  type TrendSummary,
} from './trend-series';
import { TrendTable } from './trend-table';

type Matrix = NonNullable<NonNullable<StudyTrendData['study']>['naturalMatrix']>;

export function TrendView({ id }: { id: string }) {
  const [result] = useQuery({ query: StudyTrendQuery, variables: { id } });
  throwIfFailed(result);
  const { data } = result;
  const [params, setParams] = useUrlParams();
  const mean: TrendMean = params.get('mean') === 'column' ? 'column' : 'row';
  const study = data?.study;
  if (!study) return <p className="empty">No study with id “{id}”.</p>;

  const series: TrendSeries[] = [];
  const summaries: TrendSummary[] = [];
  const sources: [Matrix | null, 'inverted' | 'natural'][] = [
    [study.invertedMatrix, 'inverted'],
    [study.naturalMatrix, 'natural'],
  ];
  for (const [matrix, source] of sources) {
    if (!matrix?.trend) continue;
    series.push(...buildTrendSeries(matrix.trend, source, mean));
    summaries.push(summarizeTrend(matrix.trend, source, mean));
  }
  return (
    <article data-testid="trend-view">
      <header className="page-header">
        <h1>{study.name}: robustness trend</h1>
        <nav className="tabs" aria-label="Study views">
          <Link href={`/studies/${study.id}`}>Heatmaps</Link>
          <Link href={`/studies/${study.id}/trend`} aria-current="page">
            Robustness trend
          </Link>
        </nav>
      </header>
      <fieldset className="selectors">
        <legend>Mean similarity of each model</legend>
        <label>
          <input
            type="radio"
            name="mean"
            checked={mean === 'row'}
            onChange={() => setParams({ mean: 'row' })}
          />{' '}
          row: the others on its inversions
        </label>
        <label>
          <input
            type="radio"
            name="mean"
            checked={mean === 'column'}
            onChange={() => setParams({ mean: 'column' })}
          />{' '}
          column: it on the others’ inversions
        </label>
      </fieldset>
      {series.length === 0 ? (
        <p className="empty">
          The trend appears when the study’s matrices are complete ({study.status.toLowerCase()}).
        </p>
      ) : (
        <>
          <TrendChart series={series} summaries={summaries} yLabel={`mean similarity (${mean} mean)`} />
          <TrendTable series={series} />
        </>
      )}
    </article>
  );
}
