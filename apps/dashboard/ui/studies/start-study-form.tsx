'use client';
/** Start a study: name, models (grouped by architecture), dataset, metric and preset. */
import { type FormEvent, useState } from 'react';
import { axisLabel, orderModels } from '../study/order-models';
import { STUDY_PRESETS, type StudyRequest, validateStudyRequest } from './presets';

export interface PickableModel {
  id: string;
  name: string;
  architectureId: string;
  eps: number;
  norm?: string | null;
}

export interface StartStudyFormProps {
  models: readonly PickableModel[];
  datasets: readonly { id: string; name: string }[];
  metrics: readonly { value: string; label: string }[];
  submitting: boolean;
  /** Error from the server, shown under the form. */
  error?: string | null;
  onSubmit(request: StudyRequest): void;
}

export function StartStudyForm({
  models,
  datasets,
  metrics,
  submitting,
  error,
  onSubmit,
}: StartStudyFormProps) {
  const [request, setRequest] = useState<StudyRequest>({
    name: '',
    modelIds: [],
    datasetId: datasets[0]?.id ?? '',
    metric: metrics[0]?.value ?? 'LINEAR',
    preset: 'quick',
  });
  const [problems, setProblems] = useState<string[]>([]);
  const set = (change: Partial<StudyRequest>) => setRequest((r) => ({ ...r, ...change }));
  const toggle = (id: string) =>
    set({
      modelIds: request.modelIds.includes(id)
        ? request.modelIds.filter((m) => m !== id)
        : [...request.modelIds, id],
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateStudyRequest(request);
    setProblems(found);
    if (found.length === 0) onSubmit(request);
  };

  return (
    <form className="start-study" onSubmit={submit} data-testid="start-study-form" noValidate>
      <label className="field">
        Name
        <input
          value={request.name}
          onChange={(e) => set({ name: e.target.value })}
          required
          maxLength={200}
        />
      </label>
      <fieldset>
        <legend>
          Models ({request.modelIds.length} picked){' '}
          <button
            type="button"
            className="link-button"
            onClick={() => set({ modelIds: models.map((m) => m.id) })}
          >
            all
          </button>{' '}
          <button type="button" className="link-button" onClick={() => set({ modelIds: [] })}>
            none
          </button>
        </legend>
        <div className="model-picks">
          {orderModels(models).map((m) => (
            <label key={m.id}>
              <input
                type="checkbox"
                checked={request.modelIds.includes(m.id)}
                onChange={() => toggle(m.id)}
              />{' '}
              {axisLabel(m)} <span className="muted small">{m.name}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field">
        Dataset
        <select value={request.datasetId} onChange={(e) => set({ datasetId: e.target.value })}>
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Metric
        <select value={request.metric} onChange={(e) => set({ metric: e.target.value })}>
          {metrics.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Preset</legend>
        {STUDY_PRESETS.map((p) => (
          <label key={p.id} className="preset">
            <input
              type="radio"
              name="preset"
              checked={request.preset === p.id}
              onChange={() => set({ preset: p.id })}
            />{' '}
            <strong>{p.label}</strong> <span className="muted small">{p.description}</span>
          </label>
        ))}
      </fieldset>
      {[...problems, ...(error ? [error] : [])].map((p) => (
        <p key={p} className="job-error" role="alert">
          {p}
        </p>
      ))}
      <button type="submit" className="button-primary" disabled={submitting}>
        {submitting ? 'Starting…' : 'Start study'}
      </button>
    </form>
  );
}
