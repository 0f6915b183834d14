/** Placeholders shown while a study's data loads (Next.js Learn style: same shape, no numbers). */

export function HeatmapsSkeleton({ count = 2 }: { count?: number }) {
  return (
    <div className="heatmap-row skeleton" role="status" aria-busy="true" aria-label="Loading heatmaps">
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders
        <div key={i} className="skeleton-block" style={{ width: 360, height: 360 }} />
      ))}
    </div>
  );
}

export function StudySkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading study">
      <div className="skeleton-line" style={{ width: 280 }} />
      <div className="skeleton-line" style={{ width: 420 }} />
      <HeatmapsSkeleton />
    </div>
  );
}
