'use client';
/**
 * A study's robustness trend (SPEC §6): natural and inverted lines per architecture, row or column mean (URL:
 * ?mean=), against training eps and against measured robust accuracy, each with its permutation trend test.
 * Studies whose report predates the trend tests show their matrices' Spearman trend against eps.
 */
import Link from 'next/link';
import { useQuery } from 'urql';
import type { StudyTrendQuery as StudyTrendData } from '../../lib/gql/graphql';
import { StudyTrendQuery } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { useUrlParams } from '../shell/use-url-state';
import { formatP } from '../study/cell-statistics';
import { studyTrendSeries } from './study-trend-series';
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

  const analysis = study.trendAnalysis;
  const series: TrendSeries[] = [];
  const summaries: TrendSummary[] = [];
  const sources: [Matrix | null, 'inverted' | 'natural'][] = [
    [study.invertedMatrix, 'inverted'],
    [study.naturalMatrix, 'natural'],
  ];
  for (const [matrix, source] of analysis ? [] : sources) {
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
      {analysis ? (
        <AnalysisCharts analysis={analysis} mean={mean} />
      ) : series.length === 0 ? (
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

type Analysis = NonNullable<NonNullable<StudyTrendData['study']>['trendAnalysis']>;

/** One chart per covariate the study could test, with every test's rho and permutation p in a table. */
function AnalysisCharts({ analysis, mean }: { analysis: Analysis; mean: TrendMean }) {
  const yLabel = `mean ${analysis.values === 'debiased' ? 'debiased CKA' : 'similarity'} to other architectures (${mean})`;
  const eps = studyTrendSeries(analysis, 'EPS', mean);
  const robust = studyTrendSeries(analysis, 'ROBUST_ACCURACY', mean);
  const robustLabel = `robust accuracy (${analysis.robustAccuracyNorm?.toUpperCase() ?? ''} PGD at ε = ${analysis.robustAccuracyEps ?? '?'})`;
  return (
    <>
      <h2>Against training eps</h2>
      <TrendChart series={eps.series} summaries={eps.summaries} yLabel={yLabel} />
      <TrendTable series={eps.series} />
      <h2>Against measured robust accuracy</h2>
      {robust.series.length > 0 ? (
        <>
          <TrendChart
            series={robust.series}
            summaries={robust.summaries}
            yLabel={yLabel}
            xLabel={robustLabel}
            testId="trend-chart-robust-accuracy"
          />
          <TrendTable series={robust.series} xLabel="robust accuracy" testId="trend-table-robust-accuracy" />
        </>
      ) : (
        <p className="empty" data-testid="trend-robust-accuracy-missing">
          No model of this study has a robustness grid on its card, so robust accuracy could not be tested.
        </p>
      )}
      <table data-testid="trend-tests">
        <caption>
          Every trend test: Spearman ρ over {analysis.points.length} models, two-sided p from shuffling the
          covariate within architecture, OLS slope per architecture
        </caption>
        <thead>
          <tr>
            <th scope="col">covariate</th>
            <th scope="col">similarity</th>
            <th scope="col" className="numeric">
              n
            </th>
            <th scope="col" className="numeric">
              ρ
            </th>
            <th scope="col" className="numeric">
              permutation p
            </th>
            <th scope="col">slopes</th>
          </tr>
        </thead>
        <tbody>
          {analysis.tests.map((t) => (
            <tr key={`${t.covariate}-${t.measure}-${t.norm}`}>
              <td>{t.covariate === 'EPS' ? `training eps (${t.norm})` : 'robust accuracy'}</td>
              <td>
                {t.source} {t.axis} mean
              </td>
              <td className="numeric">{t.n}</td>
              <td className="numeric">{t.rho?.toFixed(2) ?? '—'}</td>
              <td className="numeric">{t.pValue === null ? '—' : formatP(t.pValue)}</td>
              <td>
                {t.slopes
                  .map((s) => `${s.architectureId} ${s.slope === null ? 'n/a' : s.slope.toFixed(3)}`)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {analysis.notes.length > 0 && (
        <ul className="muted" data-testid="trend-notes">
          {analysis.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </>
  );
}
