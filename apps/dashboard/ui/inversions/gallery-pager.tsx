/** Previous / next through an inversion's pairs, one page at a time, with where the page is. */

export interface GalleryPagerProps {
  start: number;
  count: number;
  pageSize: number;
  pairCount: number;
  onStart(start: number): void;
}

export function GalleryPager({ start, count, pageSize, pairCount, onStart }: GalleryPagerProps) {
  if (pairCount <= pageSize) return null;
  return (
    <nav className="pager" aria-label="Pairs" data-testid="gallery-pager">
      <button type="button" disabled={start === 0} onClick={() => onStart(Math.max(0, start - pageSize))}>
        ← Previous
      </button>
      <span aria-live="polite">
        pairs {start + 1}–{start + count} of {pairCount}
      </span>
      <button type="button" disabled={start + count >= pairCount} onClick={() => onStart(start + pageSize)}>
        Next →
      </button>
    </nav>
  );
}
