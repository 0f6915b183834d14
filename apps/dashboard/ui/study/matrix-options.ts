/**
 * The metric and layer selectors of a study: among the matrices over the study's dataset, those over exactly the
 * study's models, grouped by (metric, layer) into natural/inverted pairs.
 */

export interface MatrixSummary {
  id: string;
  metric: string;
  source: 'NATURAL' | 'INVERTED';
  parameters: Record<string, unknown>;
  models: readonly { id: string }[];
}

export interface MatrixOption {
  metric: string;
  layer: string;
  natural: string | null;
  inverted: string | null;
}

export const DEFAULT_LAYER = 'representation';

/** The layer a matrix compares: `parameters.layer` when set, else the default representation (SPEC §2). */
export function layerOf(matrix: Pick<MatrixSummary, 'parameters'>): string {
  const layer = matrix.parameters.layer;
  return typeof layer === 'string' && layer.length > 0 ? layer : DEFAULT_LAYER;
}

const sameModels = (a: readonly { id: string }[], ids: ReadonlySet<string>) =>
  a.length === ids.size && a.every((m) => ids.has(m.id));

/**
 * Options over the given models, sorted by metric then layer. Where two matrices would fill a slot, `preferred`
 * ids (the study's own matrices) win; an option holding any preferred matrix holds only preferred ones, so a study
 * never shows another study's inverted matrix while its own is still to come.
 */
export function matrixOptions(
  matrices: readonly MatrixSummary[],
  modelIds: readonly string[],
  preferred: readonly string[] = [],
): MatrixOption[] {
  const ids = new Set(modelIds);
  const options = new Map<string, MatrixOption>();
  for (const m of matrices) {
    if (!sameModels(m.models, ids)) continue;
    const layer = layerOf(m);
    const key = `${m.metric}\u0000${layer}`;
    const option = options.get(key) ?? { metric: m.metric, layer, natural: null, inverted: null };
    const slot = m.source === 'NATURAL' ? 'natural' : 'inverted';
    if (option[slot] === null || preferred.includes(m.id)) option[slot] = m.id;
    options.set(key, option);
  }
  const isPreferred = (id: string | null) => id !== null && preferred.includes(id);
  for (const option of options.values()) {
    if (isPreferred(option.natural) || isPreferred(option.inverted)) {
      if (!isPreferred(option.natural)) option.natural = null;
      if (!isPreferred(option.inverted)) option.inverted = null;
    }
  }
  return [...options.values()].sort(
    (a, b) => a.metric.localeCompare(b.metric) || a.layer.localeCompare(b.layer),
  );
}

/** The option for the URL's metric and layer, else the one holding the study's own matrices, else the first. */
export function pickOption(
  options: readonly MatrixOption[],
  wanted: { metric?: string | null; layer?: string | null },
  own: readonly string[],
): MatrixOption | null {
  const matches = (o: MatrixOption) =>
    (!wanted.metric || o.metric === wanted.metric) && (!wanted.layer || o.layer === wanted.layer);
  return (
    options.find((o) => matches(o) && (own.includes(o.natural ?? '') || own.includes(o.inverted ?? ''))) ??
    options.find(matches) ??
    options.find((o) => own.includes(o.natural ?? '') || own.includes(o.inverted ?? '')) ??
    options[0] ??
    null
  );
}
