'use client';
/**
 * What a finished study adds to its heatmaps, from its report (issues 9, 10): the like-for-like headlines above
 * them, STIR and the convergence plot below. While the study runs, a line says they will come.
 */
import { ConvergenceChart } from './convergence-chart';
import { HeadlineTable } from './headline-table';
import { StirSection } from './stir-section';
import type { Axes } from './study-axes';
import { useStudyStatistics } from './use-study-statistics';

export function HeadlinesSection({
  studyId,
  ready,
  n,
}: {
  studyId: string;
  ready: boolean;
  n: number | null;
}) {
  const statistics = useStudyStatistics(studyId, ready);
  if (!ready) {
    return (
      <p className="muted" data-testid="statistics-pending">
        Headlines with intervals, prediction agreement, STIR and convergence appear when the study is
        complete.
      </p>
    );
  }
  if (!statistics?.headlines) {
    return (
      <p className="muted">
        This study’s report has no like-for-like headlines (a metric without intervals).
      </p>
    );
  }
  return <HeadlineTable headlines={statistics.headlines} n={n} />;
}

export function ConvergenceSection({ studyId, ready }: { studyId: string; ready: boolean }) {
  const statistics = useStudyStatistics(studyId, ready);
  const records = statistics?.convergence ?? [];
  if (records.length < 2) return null;
  return (
    <section className="convergence" data-testid="convergence-section" aria-labelledby="convergence-title">
      <h2 id="convergence-title">Convergence of the inverted matrix</h2>
      <ConvergenceChart records={records} />
    </section>
  );
}

export function BelowHeatmaps({ studyId, ready, axes }: { studyId: string; ready: boolean; axes: Axes }) {
  return (
    <>
      <StirSection studyId={studyId} ready={ready} axes={axes} />
      <ConvergenceSection studyId={studyId} ready={ready} />
    </>
  );
}
