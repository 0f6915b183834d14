/** The tooltip's detail line for one computed cell: sample sizes, interval and null baseline (SPEC §3, §5). */

export interface CellDetail {
  n?: number | null;
  p?: number | null;
  q?: number | null;
  layerA?: string;
  layerB?: string;
  confidenceInterval?: { low: number; high: number; level: number } | null;
  nullBaseline?: { mean: number; std: number } | null;
}

export function describeCell(result: CellDetail | undefined): string | undefined {
  if (!result) return undefined;
  const parts: string[] = [];
  if (result.n != null)
    parts.push(
      `n=${result.n}${result.p != null ? `, p=${result.p}` : ''}${result.q != null ? `, q=${result.q}` : ''}`,
    );
  const ci = result.confidenceInterval;
  if (ci) parts.push(`${Math.round(ci.level * 100)}% CI [${ci.low.toFixed(3)}, ${ci.high.toFixed(3)}]`);
  const nb = result.nullBaseline;
  if (nb) parts.push(`null ${nb.mean.toFixed(3)} ± ${nb.std.toFixed(3)}`);
  return parts.length ? parts.join(' · ') : undefined;
}
