import { SAMPLE_SIZE } from './sample-grid';

const CELL = { width: SAMPLE_SIZE, height: SAMPLE_SIZE, margin: '2px 0' };

/** Placeholder grid while a dataset's samples load: the shape of a 10-class, 8-per-class grid. */
export function SamplesSkeleton({ rows = 10, perRow = 8 }: { rows?: number; perRow?: number }) {
  return (
    <div className="sample-grid skeleton" role="status" aria-busy="true" aria-label="Loading samples">
      {Array.from({ length: rows }, (_, r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholder rows
        <div key={r} className="sample-skeleton-row">
          {Array.from({ length: perRow }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders
            <div key={i} className="skeleton-block" style={CELL} />
          ))}
        </div>
      ))}
    </div>
  );
}
