/**
 * Similarity matrices as SVG heatmaps: one panel per matrix, side by side on one colour scale (viridis), the
 * value printed in every cell, row and column labels, and a colour bar. Plain SVG text, no dependencies, so the
 * files diff well and render in any browser or README.
 */
import { InvalidArgumentError } from '../errors.js';

/** Viridis (matplotlib's default map) sampled at 0, 1/8, ..., 1; linear interpolation between the stops. */
const VIRIDIS = [
  '#440154',
  '#472d7b',
  '#3b528b',
  '#2c728e',
  '#21918c',
  '#28ae80',
  '#5ec962',
  '#addc30',
  '#fde725',
];

/** The viridis colour of t in [0, 1] (clamped; NaN gives grey) as '#rrggbb'. */
export function viridis(t: number): string {
  if (Number.isNaN(t)) return '#bbbbbb';
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const [a, b] = [rgb(VIRIDIS[i]!), rgb(VIRIDIS[i + 1]!)];
  const mix = a.map((v, k) => Math.round(v + (b[k]! - v) * (x - i)));
  return `#${mix.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export interface HeatmapPanel {
  title: string;
  /** values[r][c]; rows and columns labelled by `labels`. */
  values: readonly (readonly number[])[];
  /** Optional second line under the title (e.g. the off-diagonal mean). */
  subtitle?: string;
  /**
   * Cells to strike through with a diagonal line (true), e.g. those not distinguishable from the null; say what
   * the mark means in `footnote`.
   */
  marks?: readonly (readonly (boolean | null | undefined)[])[];
}

export interface HeatmapOptions {
  panels: readonly HeatmapPanel[];
  /** Row and column labels (the same models on both axes). */
  labels: readonly string[];
  /** Colour scale range; default [0, 1] (CKA). */
  range?: [number, number];
  /** Axis captions; default 'row model' and 'column model'. */
  rowCaption?: string;
  columnCaption?: string;
  /** Decimals printed in cells; default 2. */
  decimals?: number;
  /** A line of text under the panels (e.g. what a struck-through cell means). */
  footnote?: string;
}

const CELL = 34;
const GAP = 60;

/**
 * Renders the panels as one SVG document.
 * @throws InvalidArgumentError when a panel (or its marks) is not labels.length x labels.length.
 */
export function renderHeatmapSvg(options: HeatmapOptions): string {
  const { panels, labels } = options;
  const k = labels.length;
  for (const panel of panels) {
    const square = (m: readonly (readonly unknown[])[]) =>
      m.length === k && m.every((row) => row.length === k);
    if (!square(panel.values) || (panel.marks && !square(panel.marks))) {
      throw new InvalidArgumentError(
        `heatmap panel "${panel.title}" is not ${k} x ${k} like its ${k} labels`,
      );
    }
  }
  const [lo, hi] = options.range ?? [0, 1];
  const decimals = options.decimals ?? 2;
  const labelWidth = 8 + 7 * Math.max(...labels.map((l) => l.length));
  const top = 50 + labelWidth; // titles, then rotated column labels
  const panelWidth = 26 + labelWidth + k * CELL;
  const width = panels.length * panelWidth + (panels.length - 1) * GAP + 110;
  // The footnote wraps at the figure's width (~6 px per character at 11 px).
  const footnote = options.footnote ? wrap(options.footnote, Math.floor((width - 20) / 6)) : [];
  const height = top + k * CELL + 50 + 16 * footnote.length + (footnote.length > 0 ? 4 : 0);
  const parts: string[] = [];
  panels.forEach((panel, index) => {
    const left = index * (panelWidth + GAP);
    const x0 = left + labelWidth + 26;
    const cy = top + (k * CELL) / 2;
    parts.push(
      text(x0 + (k * CELL) / 2, 20, panel.title, 'middle', 15, 'bold'),
      panel.subtitle ? text(x0 + (k * CELL) / 2, 38, panel.subtitle, 'middle', 12) : '',
    );
    labels.forEach((label, i) => {
      parts.push(text(x0 - 6, top + i * CELL + CELL / 2 + 4, label, 'end', 11));
      const cx = x0 + i * CELL + CELL / 2 + 4;
      parts.push(
        `<text x="${cx}" y="${top - 6}" font-size="11" text-anchor="start" transform="rotate(-90 ${cx} ${top - 6})">${escapeXml(label)}</text>`,
      );
    });
    panel.values.forEach((row, r) => {
      row.forEach((value, c) => {
        const t = (value - lo) / (hi - lo);
        const [x, y] = [x0 + c * CELL, top + r * CELL];
        parts.push(
          `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${viridis(t)}"><title>${escapeXml(
            `${labels[r]} × ${labels[c]}: ${value}`,
          )}</title></rect>`,
          `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 4}" font-size="10" text-anchor="middle" fill="${
            t < 0.55 ? '#ffffff' : '#000000'
          }">${Number.isFinite(value) ? value.toFixed(decimals) : '–'}</text>`,
        );
        if (panel.marks?.[r]?.[c] === true) {
          parts.push(
            `<line x1="${x + 2}" y1="${y + 2}" x2="${x + CELL - 2}" y2="${y + CELL - 2}" stroke="#e8433a" stroke-width="2"/>`,
          );
        }
      });
    });
    parts.push(
      text(x0 + (k * CELL) / 2, top + k * CELL + 20, options.columnCaption ?? 'column model', 'middle', 11),
      `<text x="${left + 14}" y="${cy}" font-size="11" text-anchor="middle" transform="rotate(-90 ${left + 14} ${cy})">${escapeXml(
        options.rowCaption ?? 'row model',
      )}</text>`,
    );
  });
  parts.push(colourBar(width - 80, top, k * CELL, lo, hi));
  footnote.forEach((line, i) => {
    parts.push(text(10, height - 10 - 16 * (footnote.length - 1 - i), line, 'start', 11));
  });
  return svgDocument(width, height, parts);
}

export function svgDocument(width: number, height: number, parts: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts.filter((p) => p !== ''),
    '</svg>',
    '',
  ].join('\n');
}

export function text(
  x: number,
  y: number,
  content: string,
  anchor: string,
  size: number,
  weight = 'normal',
): string {
  return `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" text-anchor="${anchor}">${escapeXml(content)}</text>`;
}

function colourBar(x: number, y: number, height: number, lo: number, hi: number): string {
  const steps = 32;
  const h = height / steps;
  const rects = Array.from({ length: steps }, (_, i) => {
    const t = 1 - (i + 0.5) / steps;
    return `<rect x="${x}" y="${(y + i * h).toFixed(2)}" width="16" height="${(h + 0.5).toFixed(2)}" fill="${viridis(t)}"/>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) =>
    text(x + 22, y + (1 - t) * height + 4, (lo + t * (hi - lo)).toFixed(2), 'start', 10),
  );
  return [...rects, ...ticks].join('\n');
}

/** Words of `text` in lines of at most `width` characters (a longer word gets its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function rgb(hex: string): number[] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
}
