/**
 * The heatmaps' colour scale: viridis (perceptually uniform, readable with the common colour-vision
 * deficiencies and in greyscale). One scale is shared by every heatmap on a page so colours compare.
 */

/**
 * Viridis sampled at ten evenly spaced points (matplotlib's `viridis`, as R's `viridisLite::viridis(10)`
 * prints it); values in between are interpolated linearly in sRGB, which stays within one 8-bit step of the
 * 256-entry table.
 */
export const VIRIDIS_STOPS = [
  '#440154',
  '#482878',
  '#3e4a89',
  '#31688e',
  '#26828e',
  '#1f9e89',
  '#35b779',
  '#6dcd59',
  '#b4de2c',
  '#fde725',
] as const;

type Rgb = readonly [number, number, number];

const STOP_RGB: Rgb[] = VIRIDIS_STOPS.map(hexToRgb);

function hexToRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgbToHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/** Viridis at t in [0, 1] (clamped) as #rrggbb. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (STOP_RGB.length - 1);
  const i = Math.min(STOP_RGB.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOP_RGB[i]!;
  const b = STOP_RGB[i + 1]!;
  return rgbToHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

/** WCAG relative luminance of #rrggbb. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever contrasts more with the background (for numbers printed in cells). */
export function textColorOn(background: string): '#000000' | '#ffffff' {
  const l = relativeLuminance(background);
  // Contrast ratio with black is (l + 0.05) / 0.05, with white 1.05 / (l + 0.05); pick the larger.
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

export interface ColorScale {
  domain: readonly [number, number];
  /** Colour of a value; values outside the domain take the end colours. */
  color(value: number): string;
  /** Evenly spaced legend ticks, ends included. */
  ticks(count?: number): number[];
}

/** Colour scale over `domain` (default [0, 1], the range of CKA), so heatmaps of different studies compare. */
export function createColorScale(domain: readonly [number, number] = [0, 1]): ColorScale {
  const [lo, hi] = domain;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new RangeError(`colour scale domain must be finite with lo < hi, got [${lo}, ${hi}]`);
  }
  return {
    domain,
    color: (value) => viridis((value - lo) / (hi - lo)),
    ticks(count = 5) {
      return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
    },
  };
}
