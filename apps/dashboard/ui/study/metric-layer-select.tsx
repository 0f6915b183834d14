'use client';
/** Metric and layer selectors of the study view; the choice lives in the URL (?metric=&layer=). */
import type { MatrixOption } from './matrix-options';

export const METRIC_LABELS: Record<string, string> = {
  LINEAR: 'linear CKA',
  DEBIASED: 'debiased CKA',
  RBF: 'RBF CKA',
  MINIBATCH: 'minibatch CKA',
};

export interface MetricLayerSelectProps {
  options: readonly MatrixOption[];
  selected: MatrixOption;
  onChange(choice: { metric: string; layer: string }): void;
}

export function MetricLayerSelect({ options, selected, onChange }: MetricLayerSelectProps) {
  const metrics = [...new Set(options.map((o) => o.metric))];
  const layers = [...new Set(options.filter((o) => o.metric === selected.metric).map((o) => o.layer))];
  return (
    <div className="selectors">
      <label>
        Metric{' '}
        <select
          value={selected.metric}
          onChange={(e) => {
            const metric = e.target.value;
            const layer = options.find((o) => o.metric === metric && o.layer === selected.layer)?.layer;
            onChange({ metric, layer: layer ?? options.find((o) => o.metric === metric)!.layer });
          }}
        >
          {metrics.map((m) => (
            <option key={m} value={m}>
              {METRIC_LABELS[m] ?? m}
            </option>
          ))}
        </select>
      </label>
      <label>
        Layer{' '}
        <select
          value={selected.layer}
          onChange={(e) => onChange({ metric: selected.metric, layer: e.target.value })}
        >
          {layers.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
