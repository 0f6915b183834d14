'use client';
/** Which CKA estimator the heatmaps show (?estimator=): debiased, quoted first, or biased (linear) beside it. */
import { ESTIMATOR_LABELS, type Estimator } from './cell-statistics';

export function readEstimator(value: string | null): Estimator {
  return value === 'biased' ? 'biased' : 'debiased';
}

export function EstimatorSelect({ value, onChange }: { value: Estimator; onChange(e: Estimator): void }) {
  return (
    <fieldset className="selectors" data-testid="estimator-select">
      <legend>Estimator shown</legend>
      {(['debiased', 'biased'] as const).map((e) => (
        <label key={e}>
          <input type="radio" name="estimator" checked={value === e} onChange={() => onChange(e)} />{' '}
          {ESTIMATOR_LABELS[e]}
          {e === 'debiased' ? ' (quoted: its interval covers the population CKA)' : ''}
        </label>
      ))}
    </fieldset>
  );
}
