/**
 * Categorical colours for lines (one per architecture): Okabe & Ito's palette, distinguishable with the
 * common colour-vision deficiencies. Lines also differ by dash and marker, so colour is never the only cue.
 */
export const OKABE_ITO = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#f0e442',
  '#000000',
];

/** The colour of item `key` among `keys` (sorted, so the same architecture keeps its colour across pages). */
export function categoryColor(key: string, keys: readonly string[]): string {
  const sorted = [...new Set(keys)].sort();
  const i = Math.max(0, sorted.indexOf(key));
  return OKABE_ITO[i % OKABE_ITO.length]!;
}
