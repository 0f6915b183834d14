'use client';
/**
 * Prediction agreement beside the CKA heatmaps (SPEC §5): of row model r's inversions, the share model c
 * labels as the pair's target, and as its seed. Same axes, same [0, 1] scale, same selected cell.
 */
import { SHARED_SCALE } from './heatmap-pair';
import { HeatmapPanel, type MatrixPanel } from './heatmap-panel';
import type { SharedPanelProps } from './live-heatmaps';
import { toAxisOrder } from './study-axes';
import { useStudyStatistics } from './use-study-statistics';

export function AgreementPanels({
  studyId,
  ready,
  ...shared
}: SharedPanelProps & { studyId: string; ready: boolean }) {
  const statistics = useStudyStatistics(studyId, ready);
  const agreement = statistics?.agreement;
  if (!statistics || !agreement) return null;
  const modelIds = statistics.models.map((m) => m.id);
  const panels: MatrixPanel[] = [
    {
      id: 'agreement-target',
      title: 'Prediction agreement: labelled as the target',
      values: toAxisOrder(shared.axes, modelIds, agreement.target),
      offDiagonalMean: agreement.targetOffDiagonalMean,
    },
    {
      id: 'agreement-seed',
      title: 'Prediction agreement: labelled as the seed',
      values: toAxisOrder(shared.axes, modelIds, agreement.seed),
      offDiagonalMean: agreement.seedOffDiagonalMean,
    },
  ];
  return panels.map((panel) => (
    <HeatmapPanel
      key={panel.id}
      panel={panel}
      labels={shared.axes.labels}
      scale={SHARED_SCALE}
      active={shared.active}
      onActiveChange={shared.onActiveChange}
      metricLabel="share of the row model’s inversions"
    />
  ));
}
