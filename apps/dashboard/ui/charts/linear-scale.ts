/** Minimal linear scales and "nice" ticks for the SVG charts (trend, loss curve); no charting dependency. */

export interface LinearScale {
  domain: readonly [number, number];
  range: readonly [number, number];
  (value: number): number;
}

/** Maps domain linearly onto range; a zero-width domain maps everything to the middle of the range. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const f = ((value: number) =>
    d1 === d0 ? (r0 + r1) / 2 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0)) as LinearScale;
  return Object.assign(f, { domain, range });
}

/** Step of roughly `count` ticks over [lo, hi]: 1, 2 or 5 times a power of ten. */
export function tickStep(lo: number, hi: number, count: number): number {
  const raw = Math.abs(hi - lo) / Math.max(1, count);
  if (raw === 0 || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= 7.5 ? 10 : error >= 3.5 ? 5 : error >= 1.5 ? 2 : 1;
  return factor * power;
}

/** Ticks at multiples of a nice step inside [lo, hi], rounded to the step's precision. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const step = tickStep(lo, hi, count);
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Number(v.toFixed(digits)));
  return ticks;
}

/** [lo, hi] widened to the enclosing nice steps; a single value gets a margin on each side. */
export function niceDomain(values: readonly number[], count = 5): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = tickStep(lo, hi, count);
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return [
    Number((Math.floor(lo / step) * step).toFixed(digits)),
    Number((Math.ceil(hi / step) * step).toFixed(digits)),
  ];
}
