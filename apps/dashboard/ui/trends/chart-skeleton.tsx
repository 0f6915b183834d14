export function ChartSkeleton() {
  return (
    <div
      className="skeleton-block"
      style={{ width: '100%', maxWidth: 640, height: 340 }}
      role="status"
      aria-busy="true"
      aria-label="Loading chart"
    />
  );
}
