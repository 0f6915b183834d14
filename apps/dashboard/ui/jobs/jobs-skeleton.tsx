export function JobsSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading jobs">
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="skeleton-line" style={{ width: '100%', height: 28 }} />
      ))}
    </div>
  );
}
